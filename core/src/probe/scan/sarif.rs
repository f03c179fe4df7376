//! SARIF 2.1.0 for code scanning (GitHub shows each result on the pull request): one result
//! per rejected or undecided integration, located at the template file, line and resource
//! (logical id / Terraform address / CDK construct path), with API Gateway's message and the
//! fix. Accepted integrations produce no result, so an alert closes once its fix lands.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};

use super::{ScanOutcome, ScanResult};
use crate::diagnose::Code;

/// Where the SARIF log's `$schema` points.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The rule of an undecided case: a value the input leaves to deploy time.
pub const RULE_UNRESOLVED: &str = "unresolved_value";
/// The rule of an undecided case: no chain (no file given, or none received from the network).
pub const RULE_NO_CHAIN: &str = "no_chain";

struct Rule {
    title: String,
    level: &'static str,
    help: String,
}

/// The rule id, level and result of one case (None for an accepted or unchecked case).
fn rule_of(r: &ScanResult) -> Option<(String, Rule)> {
    match r.outcome {
        ScanOutcome::Rejected => {
            let finding = r.decisive_finding();
            let id = finding
                .map(|f| f.code.to_string())
                .or_else(|| {
                    r.verdict
                        .as_ref()
                        .and_then(|v| v.rule.as_ref())
                        .map(|x| x.code.to_string())
                })
                .unwrap_or_else(|| "rejected".into());
            Some((
                id,
                Rule {
                    title: finding
                        .map(|f| f.title.clone())
                        .unwrap_or_else(|| "API Gateway rejects the backend's certificate chain".into()),
                    level: "error",
                    help: "API Gateway's Java client rejects the certificate chain this integration's backend presents: every request through the integration fails with the message shown. The fix names the change to make.".into(),
                },
            ))
        }
        ScanOutcome::Undecided => {
            let unresolved = matches!(r.case.plan, super::CasePlan::Unresolved(_));
            if let super::CasePlan::Unresolved(u) = &r.case.plan {
                if u.load_balancer.is_some() {
                    // The incident's shape told before deploy: the same rule as the rejection
                    // API Gateway's message would give once deployed, so the alert keeps its id.
                    return Some((
                        Code::LoadBalancerNameInUrl.to_string(),
                        Rule {
                            title: "The integration URL uses the load balancer's DNS name".into(),
                            level: "error",
                            help: "A load balancer's generated DNS name in the integration URL fails API Gateway's hostname check: no certificate from a CA API Gateway trusts names it. Put the name the backend's certificate has in the URL and make it resolve to the load balancer inside the VPC (a Route 53 private hosted zone alias record), or set serverNameToVerify on an HTTP API private integration.".into(),
                        },
                    ));
                }
            }
            Some(if unresolved {
                (
                    RULE_UNRESOLVED.into(),
                    Rule {
                        title: "A value of the integration is not known before deploy".into(),
                        level: "warning",
                        help: "The integration's URL or TLS settings depend on a value the template leaves to deploy time (a parameter without default, a resource attribute, an export, a value known after apply). apigw-tls does not guess it; give it with --param NAME=VALUE to check the integration.".into(),
                    },
                )
            } else {
                (
                    RULE_NO_CHAIN.into(),
                    Rule {
                        title: "No certificate chain to check for this integration".into(),
                        level: "warning",
                        help: "No chain was given for the integration's host (--chain HOST=FILE or a directory of HOST.pem), or the probe received none.".into(),
                    },
                )
            })
        }
        ScanOutcome::Accepted | ScanOutcome::NotChecked => None,
    }
}

fn artifact_uri(path: &Path, base: Option<&Path>) -> String {
    // Code scanning resolves a relative URI against the repository root, which is where the
    // scan runs in CI: an absolute path under `base` is made relative to it.
    let path = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    // SARIF wants a URI reference: forward slashes, and spaces escaped.
    path.to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .replace(' ', "%20")
}

/// The SARIF log of a scan. Files are named as the results name them, made relative to `base`
/// (the directory the scan runs in) when they are under it.
pub fn render(results: &[ScanResult], base: Option<&Path>) -> Value {
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    let mut out = Vec::new();
    for r in results {
        let Some((id, rule)) = rule_of(r) else {
            continue;
        };
        let c = &r.case;
        let what = match (c.routes.is_empty(), &c.uri) {
            (false, Some(uri)) => format!("{} → {uri}", c.routes.join(", ")),
            (false, None) => c.routes.join(", "),
            (true, Some(uri)) => uri.clone(),
            (true, None) => "the integration".into(),
        };
        let mut text = match (r.outcome, r.gateway_message()) {
            (ScanOutcome::Rejected, Some(m)) => format!("{what}: API Gateway will log: {m}"),
            _ => format!(
                "{what}: not checked: {}",
                r.detail.as_deref().unwrap_or("undecided")
            ),
        };
        if let Some(fix) = r.fix_text() {
            text.push_str(&format!(" Fix: {fix}"));
        }
        let mut physical =
            json!({ "artifactLocation": { "uri": artifact_uri(&c.location.file, base) } });
        if let Some(line) = c.location.line {
            physical["region"] = json!({ "startLine": line });
        }
        let mut location = json!({ "physicalLocation": physical });
        if let Some(resource) = &c.location.resource {
            location["logicalLocations"] = json!([{
                "name": resource,
                "fullyQualifiedName": c.location.cdk_path.as_deref().unwrap_or(resource),
                "kind": "resource",
            }]);
        }
        let mut properties = json!({ "outcome": r.outcome, "routes": c.routes });
        if let Some(uri) = &c.uri {
            properties["uri"] = json!(uri);
        }
        if let Some(t) = &c.location.resource_type {
            properties["resourceType"] = json!(t);
        }
        if let Some(m) = r.gateway_message() {
            properties["gatewayMessage"] = json!(m);
        }
        if let Some(f) = r.fix_text() {
            properties["fix"] = json!(f);
        }
        let level = rule.level;
        rules.entry(id.clone()).or_insert(rule);
        out.push(json!({
            "ruleId": id,
            "level": level,
            "message": { "text": text },
            "locations": [location],
            "partialFingerprints": {
                "apigwTlsIntegration/v1": format!(
                    "{}|{}|{}|{id}",
                    artifact_uri(&c.location.file, base),
                    c.location.resource.as_deref().unwrap_or(""),
                    c.routes.join(",")
                ),
            },
            "properties": properties,
        }));
    }
    // ruleIndex refers to the position in the driver's rules, which are sorted by id.
    let ids: Vec<&String> = rules.keys().collect();
    for result in &mut out {
        let index = result["ruleId"]
            .as_str()
            .and_then(|id| ids.iter().position(|x| x.as_str() == id));
        if let Some(i) = index {
            result["ruleIndex"] = json!(i);
        }
    }
    let rules: Vec<Value> = rules
        .iter()
        .map(|(id, r)| {
            json!({
                "id": id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": r.help },
                "help": { "text": r.help },
                "defaultConfiguration": { "level": r.level },
                "properties": { "tags": ["tls", "api-gateway"] },
            })
        })
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "apigw-tls",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "results": out,
        }],
    })
}
