//! `apigw-tls scan` over the committed fixtures (a SAM template, a CloudFormation template with
//! intrinsics and parameters, a CDK cloud assembly, a Terraform plan), offline with chains from
//! files: every verdict, message, fix and SARIF location, and the exit statuses.
//!
//! The fixtures' chains come from `cli/tests/data/scan/make_chains.py` (a private root passed as
//! `--ca`, validity 2025–2075, evaluated at a fixed `--at`). The SARIF logs are validated against
//! the SARIF 2.1.0 JSON schema by `scripts/test-scan.sh` (with python `jsonschema`), which also
//! runs `cfn-lint` on the templates.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const NLB: &str = "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com";
const AT: &str = "2026-06-01T00:00:00Z";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scan")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_apigw-tls"))
        .arg("scan")
        .args(args)
        .current_dir(data())
        .output()
        .expect("the CLI runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The offline arguments: the chain directory, the fixtures' root, a fixed time.
fn offline<'a>(input: &'a str, format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        input,
        "--chain",
        "chains",
        "--ca",
        "certs/root.pem",
        "--at",
        AT,
        "--format",
        format,
    ];
    a.extend_from_slice(extra);
    a
}

fn jsonl(input: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let r = run(&offline(input, "jsonl", extra));
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let lines = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    (r.code, lines)
}

fn sarif(input: &str, extra: &[&str]) -> Value {
    let r = run(&offline(input, "sarif", extra));
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("SARIF is JSON")
}

/// The 1-based line of the first line containing `needle` at or after line `from` of a fixture
/// (found independently of the scanner's own lookup).
fn line(file: &str, needle: &str, from: usize) -> u64 {
    let text = std::fs::read_to_string(data().join(file)).unwrap();
    (text
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {file}"))
        .0
        + 1) as u64
}

fn result<'a>(results: &'a [Value], resource: &str, route: &str) -> &'a Value {
    results
        .iter()
        .find(|r| r["location"]["resource"] == resource && r["routes"][0] == route)
        .unwrap_or_else(|| panic!("no result for {resource} {route}"))
}

fn host_mismatch(host: &str) -> String {
    format!("Execution failed due to configuration error: Host name '{host}' does not match the certificate subject provided by the peer (CN=api.internal.example.com)")
}

const PKIX: &str = "Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

/// One expected case.
struct Expect<'a> {
    resource: &'a str,
    route: &'a str,
    outcome: &'a str,
    url: Option<&'a str>,
    integration: Option<&'a str>,
    message: Option<String>,
    fix: &'a [&'a str],
    line: u64,
}

fn check(results: &[Value], file: &str, expected: &[Expect<'_>]) {
    assert_eq!(results.len(), expected.len(), "{results:#?}");
    for e in expected {
        let r = result(results, e.resource, e.route);
        let what = format!("{} {}", e.resource, e.route);
        assert_eq!(r["outcome"], e.outcome, "{what}: {r:#}");
        assert_eq!(r["location"]["file"], file, "{what}");
        assert_eq!(r["location"]["line"], e.line, "{what}");
        if let Some(url) = e.url {
            assert_eq!(r["plan"]["check"]["url"], url, "{what}");
        }
        if let Some(i) = e.integration {
            assert_eq!(r["plan"]["check"]["integration"], i, "{what}");
        }
        let v = &r["verdict"];
        match &e.message {
            Some(m) => {
                assert_eq!(v["accepted"], false, "{what}");
                assert_eq!(v["gateway_message"], m.as_str(), "{what}");
            }
            None if e.outcome == "accepted" => assert_eq!(v["accepted"], true, "{what}"),
            None => assert!(v.is_null(), "{what}"),
        }
        let fix = r["fix"].as_str().map(str::to_string).or_else(|| {
            v["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|f| f["severity"] == "error")
                .and_then(|f| f["fix"].as_str().map(str::to_string))
        });
        for needle in e.fix {
            let fix = fix.as_deref().unwrap_or_default();
            assert!(fix.contains(needle), "{what}: fix {fix:?} lacks {needle:?}");
        }
    }
}

/// The SARIF results agree with the JSON lines: one per rejected or undecided case, at the same
/// file, line and resource, with the gateway message, the fix and a declared rule.
fn check_sarif(log: &Value, results: &[Value]) {
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "apigw-tls");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let sarif_results = run["results"].as_array().unwrap();
    let flagged: Vec<&Value> = results
        .iter()
        .filter(|r| r["outcome"] == "rejected" || r["outcome"] == "undecided")
        .collect();
    assert_eq!(sarif_results.len(), flagged.len());
    for r in flagged {
        let resource = r["location"]["resource"].as_str().unwrap();
        let s = sarif_results
            .iter()
            .find(|s| {
                s["locations"][0]["logicalLocations"][0]["name"] == resource
                    && s["properties"]["routes"] == r["routes"]
            })
            .unwrap_or_else(|| panic!("no SARIF result for {resource}"));
        let loc = &s["locations"][0];
        assert_eq!(
            loc["physicalLocation"]["artifactLocation"]["uri"],
            r["location"]["file"]
        );
        assert_eq!(
            loc["physicalLocation"]["region"]["startLine"],
            r["location"]["line"]
        );
        assert_eq!(loc["logicalLocations"][0]["kind"], "resource");
        let id = s["ruleId"].as_str().unwrap();
        let index = s["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        let text = s["message"]["text"].as_str().unwrap();
        if r["outcome"] == "rejected" {
            assert_eq!(s["level"], "error");
            let m = r["verdict"]["gateway_message"].as_str().unwrap();
            assert!(text.contains(m), "{text}");
            assert_eq!(s["properties"]["gatewayMessage"], m);
        } else if r["plan"]["unresolved"]["load_balancer"].is_string() {
            // A load balancer's generated name in the URL: the incident's rule, before deploy.
            assert_eq!(s["level"], "error");
            assert_eq!(id, "load_balancer_name_in_url");
        } else {
            assert_eq!(s["level"], "warning");
            assert!(["unresolved_value", "no_chain"].contains(&id), "{id}");
        }
        let fix = s["properties"]["fix"].as_str().unwrap();
        assert!(text.ends_with(&format!("Fix: {fix}")), "{text}");
    }
}

#[test]
fn sam_template_reproduces_the_incident_and_its_fix() {
    let file = "sam/template.yaml";
    let (code, results) = jsonl(file, &[]);
    assert_eq!(code, 1);
    let pets = line(file, "PetsApi:", 1) as usize;
    let orders = line(file, "OrdersHttpApi:", 1) as usize;
    check(
        &results,
        file,
        &[
            // The seed incident: a REST private integration whose URL is the NLB's name.
            Expect {
                resource: "PetsApi",
                route: "GET /pets",
                outcome: "rejected",
                url: Some(&format!("https://{NLB}/pets")),
                integration: Some("rest-vpc-link"),
                message: Some(host_mismatch(NLB)),
                fix: &[
                    "https://api.internal.example.com/pets",
                    "Route 53 private hosted zone",
                ],
                line: line(file, "/pets:", pets),
            },
            // The fix: the certificate's name in the URL.
            Expect {
                resource: "PetsApi",
                route: "GET /pets-fixed",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/pets"),
                integration: Some("rest-vpc-link"),
                message: None,
                fix: &[],
                line: line(file, "/pets-fixed:", pets),
            },
            // insecureSkipVerification: an untrusted root is accepted (the model), not without.
            Expect {
                resource: "PetsApi",
                route: "GET /legacy",
                outcome: "accepted",
                url: Some("https://legacy.example.com/"),
                integration: Some("rest-http"),
                message: None,
                fix: &[],
                line: line(file, "/legacy:", pets),
            },
            Expect {
                resource: "PetsApi",
                route: "GET /legacy-strict",
                outcome: "rejected",
                url: Some("https://legacy.example.com/strict"),
                integration: Some("rest-http"),
                message: Some(PKIX.into()),
                fix: &[],
                line: line(file, "/legacy-strict:", pets),
            },
            Expect {
                resource: "PetsApi",
                route: "GET /health",
                outcome: "not_checked",
                url: None,
                integration: None,
                message: None,
                fix: &[],
                line: line(file, "/health:", pets),
            },
            // serverNameToVerify on an HTTP API private integration by listener ARN.
            Expect {
                resource: "OrdersHttpApi",
                route: "GET /orders",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/"),
                integration: Some("http-api-private"),
                message: None,
                fix: &[],
                line: line(file, "/orders:", orders),
            },
            Expect {
                resource: "OrdersHttpApi",
                route: "GET /orders-by-nlb-name",
                outcome: "rejected",
                url: Some(&format!("https://{NLB}/orders")),
                integration: Some("rest-http"),
                message: Some(host_mismatch(NLB)),
                fix: &["https://api.internal.example.com/orders"],
                line: line(file, "/orders-by-nlb-name:", orders),
            },
        ],
    );
    let legacy = result(&results, "PetsApi", "GET /legacy");
    assert_eq!(legacy["plan"]["check"]["skip_verification"], true);
    assert!(legacy["verdict"]["skip_verification_model"].is_string());
    let orders = result(&results, "OrdersHttpApi", "GET /orders");
    assert_eq!(
        orders["plan"]["check"]["server_name_to_verify"],
        "api.internal.example.com"
    );
    assert_eq!(
        result(&results, "PetsApi", "GET /pets")["verdict"]["findings"][0]["code"],
        "load_balancer_name_in_url"
    );
    check_sarif(&sarif(file, &[]), &results);
    // An absolute path under the working directory is written relative to it, as code
    // scanning resolves URIs against the repository root.
    let absolute = data().join(file);
    let log = sarif(absolute.to_str().unwrap(), &[]);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        file
    );

    // The fixed template (the certificate's name instead of the NLB's) passes: exit 0 once the
    // strict legacy route is gone too — here, by giving the NLB parameter the FQDN.
    let (code, results) = jsonl(file, &["--param", "NlbDnsName=api.internal.example.com"]);
    assert_eq!(
        result(&results, "PetsApi", "GET /pets")["outcome"],
        "accepted"
    );
    assert_eq!(code, 1, "GET /legacy-strict is still rejected");
}

#[test]
fn cloudformation_template_with_intrinsics_and_parameters() {
    let file = "cloudformation/template.yaml";
    let (code, results) = jsonl(file, &[]);
    assert_eq!(code, 1);
    let legacy_api = line(file, "LegacyApi:", 1) as usize;
    let expected = |pets: Expect<'static>, shared: Expect<'static>, orders_url: &'static str| {
        vec![
            pets,
            Expect {
                resource: "PetsGetFixed",
                route: "GET /pets/fixed",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/pets"),
                integration: Some("rest-vpc-link"),
                message: None,
                fix: &[],
                line: line(file, "PetsGetFixed:", 1),
            },
            Expect {
                resource: "LegacyApi",
                route: "GET /legacy",
                outcome: "accepted",
                url: Some("https://legacy.example.com/"),
                integration: Some("rest-http"),
                message: None,
                fix: &[],
                line: line(file, "/legacy:", legacy_api),
            },
            shared,
            Expect {
                resource: "OrdersIntegration",
                route: "GET /orders",
                outcome: "accepted",
                url: Some(orders_url),
                integration: Some("http-api-private"),
                message: None,
                fix: &[],
                line: line(file, "OrdersIntegration:", 1),
            },
        ]
    };
    // Before deploy: the NLB's generated name and another stack's export are not known.
    check(
        &results,
        file,
        &expected(
            Expect {
                resource: "PetsGetByNlbName",
                route: "GET /pets",
                outcome: "undecided",
                url: None,
                integration: None,
                message: None,
                fix: &["Route 53 private hosted zone", "--param Nlb.DNSName=NAME"],
                line: line(file, "PetsGetByNlbName:", 1),
            },
            Expect {
                resource: "SharedGet",
                route: "GET /",
                outcome: "undecided",
                url: None,
                integration: None,
                message: None,
                fix: &["--param shared-backend-host=VALUE"],
                line: line(file, "SharedGet:", 1),
            },
            // With serverNameToVerify the verdict depends on that name only.
            "https://api.internal.example.com/",
        ),
    );
    let pets = result(&results, "PetsGetByNlbName", "GET /pets");
    assert_eq!(
        pets["plan"]["unresolved"]["expression"],
        "Fn::GetAtt Nlb.DNSName"
    );
    assert_eq!(pets["plan"]["unresolved"]["load_balancer"], "Nlb");
    assert!(pets["detail"].as_str().unwrap().contains("hostname check"));
    assert_eq!(
        pets["backend"]["load_balancer"]["listeners"][0]["target_group"]["id"],
        "BackendTargetGroup"
    );
    assert_eq!(pets["backend"]["vpc_link"], "RestVpcLink");
    check_sarif(&sarif(file, &[]), &results);

    // Given the deployed values: the incident as API Gateway will log it.
    let params = [
        "--param",
        "Nlb.DNSName=nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com",
        "--param",
        "shared-backend-host=api.internal.example.com",
    ];
    let (code, results) = jsonl(file, &params);
    assert_eq!(code, 1);
    check(
        &results,
        file,
        &expected(
            Expect {
                resource: "PetsGetByNlbName",
                route: "GET /pets",
                outcome: "rejected",
                url: Some("https://nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com/pets"),
                integration: Some("rest-vpc-link"),
                message: Some(host_mismatch(NLB)),
                fix: &[
                    "https://api.internal.example.com/pets",
                    "private hosted zone",
                ],
                line: line(file, "PetsGetByNlbName:", 1),
            },
            Expect {
                resource: "SharedGet",
                route: "GET /",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/"),
                integration: Some("rest-http"),
                message: None,
                fix: &[],
                line: line(file, "SharedGet:", 1),
            },
            "https://nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com/",
        ),
    );
    check_sarif(&sarif(file, &params), &results);

    // A condition flips the legacy URL; a trust store without the private root rejects the fix.
    let (_, results) = jsonl(file, &["--param", "Env=dev"]);
    assert_eq!(
        result(&results, "LegacyApi", "GET /legacy")["plan"]["check"]["url"],
        "https://legacy.example.com/dev"
    );
    let r = run(&[file, "--chain", "chains", "--at", AT, "--format", "jsonl"]);
    let results: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        result(&results, "PetsGetFixed", "GET /pets/fixed")["verdict"]["gateway_message"],
        PKIX
    );
}

#[test]
fn cdk_cloud_assembly() {
    let (code, results) = jsonl("cdk.out", &[]);
    assert_eq!(code, 1);
    let file = "cdk.out/ScanStack.template.json";
    let legacy_api = line(file, "\"LegacyApi1E2D3C4B\"", 1) as usize;
    check(
        &results,
        file,
        &[
            Expect {
                resource: "PetsApipetsGET5E0B6D2A",
                route: "GET /pets",
                outcome: "rejected",
                url: Some(&format!("https://{NLB}/pets")),
                integration: Some("rest-vpc-link"),
                message: Some(host_mismatch(NLB)),
                fix: &[
                    "https://api.internal.example.com/pets",
                    "Route 53 private hosted zone",
                ],
                line: line(file, "\"PetsApipetsGET5E0B6D2A\"", 1),
            },
            Expect {
                resource: "PetsApipetsfixedGET9C1D2E3F",
                route: "GET /pets/fixed",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/pets"),
                integration: Some("rest-vpc-link"),
                message: None,
                fix: &[],
                line: line(file, "\"PetsApipetsfixedGET9C1D2E3F\"", 1),
            },
            Expect {
                resource: "LegacyApi1E2D3C4B",
                route: "GET /legacy",
                outcome: "accepted",
                url: Some("https://legacy.example.com/"),
                integration: Some("rest-http"),
                message: None,
                fix: &[],
                line: line(file, "\"/legacy\"", legacy_api),
            },
            Expect {
                resource: "OrdersApiGETordersOrdersIntegration1A2B3C4D",
                route: "GET /orders",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/"),
                integration: Some("http-api-private"),
                message: None,
                fix: &[],
                line: line(file, "\"OrdersApiGETordersOrdersIntegration1A2B3C4D\"", 1),
            },
        ],
    );
    let pets = result(&results, "PetsApipetsGET5E0B6D2A", "GET /pets");
    assert_eq!(
        pets["location"]["cdk_path"],
        "ScanStack/PetsApi/Default/pets/GET/Resource"
    );
    let log = sarif("cdk.out", &[]);
    check_sarif(&log, &results);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "ScanStack/PetsApi/Default/pets/GET/Resource"
    );
    // The manifest itself is accepted as the input too.
    let (_, again) = jsonl("cdk.out/manifest.json", &[]);
    assert_eq!(again, results);
}

#[test]
fn terraform_plan() {
    let file = "terraform/plan.json";
    let (code, results) = jsonl(file, &[]);
    assert_eq!(code, 1);
    let at = |address: &str| line(file, &format!("\"address\": \"{address}\""), 1);
    check(
        &results,
        file,
        &[
            Expect {
                resource: "aws_api_gateway_integration.pets_nlb",
                route: "GET /pets",
                outcome: "rejected",
                url: Some(&format!("https://{NLB}/pets")),
                integration: Some("rest-vpc-link"),
                message: Some(host_mismatch(NLB)),
                fix: &[
                    "https://api.internal.example.com/pets",
                    "Route 53 private hosted zone",
                ],
                line: at("aws_api_gateway_integration.pets_nlb"),
            },
            Expect {
                resource: "aws_api_gateway_integration.pets_fixed",
                route: "GET /pets/fixed",
                outcome: "accepted",
                url: Some("https://api.internal.example.com/pets"),
                integration: Some("rest-vpc-link"),
                message: None,
                fix: &[],
                line: at("aws_api_gateway_integration.pets_fixed"),
            },
            Expect {
                resource: "aws_api_gateway_integration.legacy",
                route: "GET /legacy",
                outcome: "accepted",
                url: Some("https://legacy.example.com/"),
                integration: Some("rest-http"),
                message: None,
                fix: &[],
                line: at("aws_api_gateway_integration.legacy"),
            },
            // Known only after apply: the URL is a new NLB's generated name.
            Expect {
                resource: "aws_api_gateway_integration.new_nlb",
                route: "GET /pets",
                outcome: "undecided",
                url: None,
                integration: None,
                message: None,
                fix: &["Route 53 private hosted zone"],
                line: at("aws_api_gateway_integration.new_nlb"),
            },
            // By listener ARN: the listener's NLB, verified under serverNameToVerify.
            Expect {
                resource: "aws_apigatewayv2_integration.orders",
                route: "GET /orders",
                outcome: "accepted",
                url: Some(&format!("https://{NLB}/")),
                integration: Some("http-api-private"),
                message: None,
                fix: &[],
                line: at("aws_apigatewayv2_integration.orders"),
            },
        ],
    );
    let new = result(&results, "aws_api_gateway_integration.new_nlb", "GET /pets");
    assert_eq!(
        new["plan"]["unresolved"]["expression"],
        "aws_api_gateway_integration.new_nlb.uri = aws_lb.new.dns_name"
    );
    assert_eq!(new["plan"]["unresolved"]["load_balancer"], "aws_lb.new");
    let pets = result(
        &results,
        "aws_api_gateway_integration.pets_nlb",
        "GET /pets",
    );
    assert_eq!(pets["backend"]["load_balancer"]["dns_name"], NLB);
    assert_eq!(pets["backend"]["vpc_link"], "aws_api_gateway_vpc_link.nlb");
    check_sarif(&sarif(file, &[]), &results);
}

#[test]
fn table_and_sarif_file_together() {
    let out = std::env::temp_dir().join(format!("apigw-tls-scan-{}.sarif", std::process::id()));
    let out_s = out.to_str().unwrap();
    let r = run(&[
        "sam/template.yaml",
        "--chain",
        &format!("{NLB}=chains/{NLB}.pem"),
        "--chain",
        "api.internal.example.com=chains/api.internal.example.com.pem",
        "--ca",
        "certs/root.pem",
        "--at",
        AT,
        "--sarif",
        out_s,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // No chain for legacy.example.com: undecided, with the argument that decides it.
    assert!(r.stdout.contains("UNDECIDED"), "{}", r.stdout);
    assert!(
        r.stdout.contains("--chain legacy.example.com=FILE"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains(&format!("API Gateway will log: {}", host_mismatch(NLB))));
    assert!(
        r.stdout
            .contains("2 of 6 accepted, 2 rejected, 2 undecided"),
        "{}",
        r.stdout
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let _ = std::fs::remove_file(&out);
    let ids: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"no_chain") && ids.contains(&"load_balancer_name_in_url"),
        "{ids:?}"
    );
}

#[test]
fn bad_input_is_exit_2_with_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("apigw-tls-scan-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let cases = [
        (write("bad.yaml", "Resources:\n  A: [\n"), "neither JSON nor YAML"),
        (
            write(
                "cyclic.yaml",
                "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Ref B }\n  B:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: !Ref A }\n",
            ),
            "circular dependency between resources: A → B → A",
        ),
        (
            write(
                "badjoin.json",
                r#"{"Resources": {"M": {"Type": "AWS::ApiGateway::Method", "Properties": {"Integration": {"Type": "HTTP", "Uri": {"Fn::Join": "x"}}}}}}"#,
            ),
            "Fn::Join takes a list of 2 arguments",
        ),
        (write("other.json", r#"{"hello": "world"}"#), "not an OpenAPI / Swagger definition"),
        (dir.join("missing.yaml").to_str().unwrap().to_string(), "cannot read"),
        (dir.to_str().unwrap().to_string(), "CDK cloud assembly with a manifest.json"),
    ];
    for (input, message) in &cases {
        let r = run(&[input, "--chain", "chains"]);
        assert_eq!(r.code, 2, "{input}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(message), "{input}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    for args in [
        vec!["sam/template.yaml", "--param", "novalue"],
        vec!["sam/template.yaml", "--chain", "no-such-host-file"],
        vec!["sam/template.yaml", "--chain", "h=does-not-exist.pem"],
        vec!["sam/template.yaml", "--input-format", "pulumi"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("apigw-tls:") || r.stderr.contains("error:"),
            "{}",
            r.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A live scan: the template's backends probed on loopback (a DNS server for the VPC's zone, a
/// TLS server), undecided and unchecked cases kept in their place among the probed ones.
#[test]
fn live_scan_probes_each_https_integration() {
    use apigw_tls::probe::scan::{self, ScanOutcome};
    use apigw_tls::probe::{Nameserver, ProbeOptions, ProbeRequest, Timeouts};
    use apigw_tls_cli::loopback::{Loopback, ServerVersions, Zone, ZoneRecord};

    let lo = Loopback::new().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["api.example.com".to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap()
        .pem();
    let tls = lo
        .tls_server(
            std::slice::from_ref(&cert),
            &key.serialize_pem(),
            ServerVersions::Both,
        )
        .unwrap();
    let zone = |name: &str| Zone {
        origin: "example.com".into(),
        records: vec![ZoneRecord::A(name.into(), std::net::Ipv4Addr::LOCALHOST)],
    };
    let dns = lo.dns_server(&[zone("api.example.com")]).unwrap();
    let port = tls.address().port();
    let template = format!(
        "Resources:\n  A:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Integration: {{ Type: HTTP_PROXY, Uri: 'https://api.example.com:{port}/a' }}\n  B:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Integration: {{ Type: HTTP_PROXY, Uri: !Sub 'https://${{Missing}}/' }}\n  C:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Integration: {{ Type: MOCK }}\n  D:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Integration: {{ Type: HTTP_PROXY, Uri: 'https://other.example.com:{port}/' }}\n"
    );
    let path = std::env::temp_dir().join(format!("apigw-tls-live-{}.yaml", std::process::id()));
    std::fs::write(&path, template).unwrap();
    let options = scan::ScanOptions {
        template: ProbeRequest {
            roots: Some(vec![cert.into_bytes()]),
            ..ProbeRequest::default()
        },
        ..scan::ScanOptions::default()
    };
    let read = scan::read(&path, &options).unwrap();
    let _ = std::fs::remove_file(&path);
    let net = ProbeOptions {
        nameserver: Nameserver::At(dns.address()),
        timeouts: Timeouts::uniform(std::time::Duration::from_millis(3000)),
        max_addresses: 8,
    };
    let evaluator = apigw_tls::Evaluator::new(apigw_tls::TrustStore::new());
    let results = scan::check_live(&read.cases, &net, &evaluator, 2, |_| {}).unwrap();
    let outcomes: Vec<(&str, ScanOutcome)> = results
        .iter()
        .map(|r| (r.case.location.resource.as_deref().unwrap(), r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("A", ScanOutcome::Accepted),
            ("B", ScanOutcome::Undecided),
            ("C", ScanOutcome::NotChecked),
            // other.example.com does not resolve: no chain, said so.
            ("D", ScanOutcome::Undecided),
        ]
    );
    assert!(results[0].probe.is_some());
    assert_eq!(
        results[1].detail.as_deref(),
        Some("Ref Missing is not known: Missing is neither a parameter nor a resource of this template")
    );
    assert!(results[3].verdict.is_none());
    assert!(results[3].detail.is_some());
}
