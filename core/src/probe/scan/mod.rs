//! `apigw-tls scan`: every HTTPS integration defined where people write them — an exported
//! OpenAPI 3 / Swagger 2 definition, a CloudFormation or SAM template, a CDK cloud assembly
//! (`cdk.out`), or Terraform's `terraform show -json` — becomes a [`ScanCase`]: where it is
//! defined, its kind and TLS settings, and the request to check. The chains are then probed
//! ([`check_live`]) or read from files ([`check_offline`], for CI with no network), and every
//! verdict comes from the same [`Evaluator`] as everywhere else.
//!
//! ```text
//!  openapi ─┐
//!  cloudformation (+ SAM, + inline OpenAPI bodies) ─┤
//!  cdk (manifest → templates → cloudformation) ─────┼─▶ ScanCase ─▶ check_offline / check_live ─▶ ScanResult ─▶ table, JSON lines, sarif
//!  terraform (plan or state JSON) ──────────────────┘
//! ```
//!
//! A value a template leaves to deploy time (a parameter without default, a load balancer's
//! generated DNS name, a Terraform value known after apply) is never guessed: the case says
//! which value is missing and how to give it (`--param NAME=VALUE`).

#![warn(missing_docs)]

pub mod cdk;
pub mod chains;
pub mod cloudformation;
pub mod openapi;
pub mod sarif;
pub mod terraform;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::many::{self, ManyOutcome, ManyResult};
use super::{Outcome, ProbeError, ProbeOptions, ProbeReport, ProbeRequest};
use crate::evaluate::Evaluator;
use crate::verdict::Verdict;

pub use chains::ChainFiles;
pub use openapi::{parse_stage_var, plan, ScanPlan, ScanSkip, ScanTarget};

/// Largest file read (an export, a template, a plan, a manifest).
pub const MAX_EXPORT_BYTES: usize = 32 * 1024 * 1024;

/// Deepest nesting of intrinsic functions / documents followed.
const MAX_DEPTH: usize = 64;

/// Why an input cannot be read: the CLI's exit status 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// Neither JSON nor YAML.
    #[error("the input is neither JSON nor YAML: {0}")]
    Syntax(String),
    /// Not an OpenAPI 3 / Swagger 2 document.
    #[error("not an OpenAPI 3 or Swagger 2 document (no \"openapi\" or \"swagger\" field)")]
    NotOpenApi,
    /// Too large.
    #[error("the input is larger than {MAX_EXPORT_BYTES} bytes")]
    TooLarge,
    /// A file or directory cannot be read.
    #[error("cannot read {path}: {error}")]
    Io {
        /// The path.
        path: String,
        /// The system's reason.
        error: String,
    },
    /// The document is none of the formats `scan` reads.
    #[error("{0}: not an OpenAPI / Swagger definition, a CloudFormation or SAM template, a CDK cloud assembly or `terraform show -json` output")]
    UnknownFormat(String),
    /// A template that its own tool would refuse (a circular dependency, a malformed function).
    #[error("{path}: {error}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        error: String,
    },
    /// A `--param`, `--chain` or similar argument is malformed.
    #[error("{0}")]
    Argument(String),
}

impl ScanError {
    pub(crate) fn io(path: &Path, e: impl fmt::Display) -> ScanError {
        ScanError::Io {
            path: path.display().to_string(),
            error: e.to_string(),
        }
    }

    pub(crate) fn invalid(path: &Path, error: impl Into<String>) -> ScanError {
        ScanError::Invalid {
            path: path.display().to_string(),
            error: error.into(),
        }
    }
}

/// Which API Gateway product an integration belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKind {
    /// A REST API (OpenAPI 3 or Swagger 2 export, `AWS::ApiGateway::*`, `aws_api_gateway_*`).
    RestApi,
    /// An HTTP API (`x-amazon-apigateway-importexport-version`, `AWS::ApiGatewayV2::*`,
    /// `aws_apigatewayv2_*`).
    HttpApi,
}

/// The input formats `scan` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanFormat {
    /// An exported OpenAPI 3 / Swagger 2 definition.
    OpenApi,
    /// A CloudFormation or SAM template (JSON or YAML).
    CloudFormation,
    /// A CDK cloud assembly (`cdk.out`).
    Cdk,
    /// `terraform show -json` of a plan or of the state.
    Terraform,
}

impl ScanFormat {
    /// Parses `openapi`, `cloudformation` (`cfn`, `sam`), `cdk`, `terraform` (`tf`).
    pub fn parse(s: &str) -> Option<ScanFormat> {
        match s.to_ascii_lowercase().as_str() {
            "openapi" | "swagger" => Some(ScanFormat::OpenApi),
            "cloudformation" | "cfn" | "sam" => Some(ScanFormat::CloudFormation),
            "cdk" => Some(ScanFormat::Cdk),
            "terraform" | "tf" => Some(ScanFormat::Terraform),
            _ => None,
        }
    }
}

/// A value the input leaves to deploy time, or that needs an argument to be known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    /// The expression as written (`Fn::GetAtt Nlb.DNSName`, `${stageVariables.host}`, ...).
    pub expression: String,
    /// Why it has no value here.
    pub reason: String,
    /// What to do: how to give it a value (`give it with --param NAME=VALUE`) or what to
    /// change, when there is a way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Set when the value is a load balancer's generated DNS name (this load balancer): a URL
    /// with it fails the hostname check whatever the backend presents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<String>,
}

/// The key of the marker object that stands for an unresolved value inside a resolved
/// document (so an inline OpenAPI body can be resolved once and read by the OpenAPI reader).
const UNRESOLVED_KEY: &str = "$apigw-tls:unresolved";

impl Unresolved {
    /// The marker that stands for this value inside a resolved document.
    pub fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert(
            UNRESOLVED_KEY.into(),
            serde_json::to_value(self).unwrap_or_default(),
        );
        Value::Object(m)
    }

    /// The unresolved value a marker stands for.
    pub fn from_value(v: &Value) -> Option<Unresolved> {
        v.get(UNRESOLVED_KEY)
            .and_then(|u| serde_json::from_value(u.clone()).ok())
    }
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not known: {}", self.expression, self.reason)?;
        if let Some(fix) = &self.fix {
            write!(f, "; {fix}")?;
        }
        Ok(())
    }
}

/// The unresolved value of a load balancer's generated DNS name used in an integration URL:
/// the incident's shape, told before deploy. `id` is the load balancer (logical id / address);
/// `give` says how to check the URL as written anyway, when there is a way.
pub(crate) fn load_balancer_dns_name(
    expression: String,
    id: &str,
    give: Option<String>,
) -> Unresolved {
    // AWS generates the name at deploy time, and no certificate from a CA API Gateway trusts
    // can carry it, so the hostname check fails whatever the backend presents.
    let mut fix = format!("put a name the backend's certificate has in the integration URL and make it resolve to {id} inside the VPC (a Route 53 private hosted zone alias record), or on an HTTP API private integration set tlsConfig.serverNameToVerify");
    if let Some(give) = give {
        fix.push_str(&format!("; to check the URL as written, {give}"));
    }
    Unresolved {
        expression,
        reason: format!("AWS generates the DNS name of load balancer {id} when it is created (`NAME-ID.elb.REGION.amazonaws.com` for an NLB); no certificate from a CA API Gateway trusts names it, so an integration URL with it fails API Gateway's hostname check (`Host name '…' does not match the certificate subject provided by the peer`)"),
        fix: Some(fix),
        load_balancer: Some(id.to_string()),
    }
}

/// Where an integration is defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file (as given, or inside the given directory).
    pub file: PathBuf,
    /// The CloudFormation logical id or the Terraform address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The resource type (`AWS::ApiGateway::Method`, `aws_api_gateway_integration`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The CDK construct path (`aws:cdk:path`), for a synthesized template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cdk_path: Option<String>,
    /// 1-based line of the resource (or of the route inside an inline body), when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Location {
    /// A location in `file` with nothing else known yet.
    pub fn file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            resource: None,
            resource_type: None,
            cdk_path: None,
            line: None,
        }
    }
}

/// What sits behind a private integration, as far as the input describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Backend {
    /// The VPC link (logical id / address), when the input defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_link: Option<String>,
    /// The load balancer, when the input defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancer>,
}

/// An ELBv2 load balancer of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadBalancer {
    /// Logical id / address.
    pub id: String,
    /// `network` / `application` / `gateway`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its DNS name, when known (Terraform state, or `--param ID.DNSName=...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<String>,
    /// Its listeners.
    pub listeners: Vec<Listener>,
}

/// A listener of a load balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listener {
    /// Logical id / address.
    pub id: String,
    /// Port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `TCP`, `TLS`, `HTTPS`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The target group it forwards to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group: Option<TargetGroup>,
}

/// A target group behind a listener.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetGroup {
    /// Logical id / address.
    pub id: String,
    /// Port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// `TCP`, `TLS`, `HTTPS`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(link) = &self.vpc_link {
            parts.push(format!("VPC link {link}"));
        }
        if let Some(lb) = &self.load_balancer {
            let kind = lb.kind.as_deref().unwrap_or("");
            let mut s = format!("{kind} load balancer {}", lb.id).trim().to_string();
            let listeners: Vec<String> = lb
                .listeners
                .iter()
                .map(|l| {
                    let mut t = format!(
                        "listener {} {}/{}",
                        l.id,
                        l.port.map(|p| p.to_string()).unwrap_or_else(|| "?".into()),
                        l.protocol.as_deref().unwrap_or("?")
                    );
                    if let Some(tg) = &l.target_group {
                        t.push_str(&format!(
                            " → target group {} {}/{}",
                            tg.id,
                            tg.port.map(|p| p.to_string()).unwrap_or_else(|| "?".into()),
                            tg.protocol.as_deref().unwrap_or("?")
                        ));
                    }
                    t
                })
                .collect();
            if !listeners.is_empty() {
                s.push_str(&format!(" ({})", listeners.join("; ")));
            }
            parts.push(s);
        }
        f.write_str(&parts.join(" → "))
    }
}

/// What a case asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum CasePlan {
    /// An HTTPS integration: this request is checked.
    Check(Box<ProbeRequest>),
    /// An HTTPS integration with a value not known here.
    Unresolved(Unresolved),
    /// Not an HTTPS call (Lambda, mock, plain HTTP, a definition kept elsewhere ...).
    Skipped(String),
}

impl Serialize for CasePlan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = match self {
            CasePlan::Check(r) => serde_json::json!({ "check": {
                "url": r.url,
                "integration": r.integration,
                "skip_verification": r.skip_verification,
                "server_name_to_verify": r.server_name_to_verify,
            }}),
            CasePlan::Unresolved(u) => serde_json::json!({ "unresolved": u }),
            CasePlan::Skipped(why) => serde_json::json!({ "skipped": why }),
        };
        v.serialize(s)
    }
}

/// One integration of the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanCase {
    /// Where it is defined.
    pub location: Location,
    /// REST or HTTP API.
    pub api_kind: ApiKind,
    /// `METHOD /path` of each route using it (empty when the input does not say).
    pub routes: Vec<String>,
    /// The integration URI as resolved (or as written when it could not be).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// What is checked.
    pub plan: CasePlan,
    /// The VPC link and load balancer behind it, when the input defines them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<Backend>,
}

/// Everything read from one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scan {
    /// The input's format.
    pub format: ScanFormat,
    /// The integrations (resources in logical-id / address order, routes in path order).
    pub cases: Vec<ScanCase>,
}

/// What the readers need besides the input.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// `--param NAME=VALUE`: template parameters, pseudo parameters (`AWS::Region`), physical
    /// ids (`LogicalId`), attributes (`LogicalId.Attribute`), exports (`!ImportValue` names)
    /// and Terraform references (`aws_lb.nlb.dns_name`).
    pub params: BTreeMap<String, String>,
    /// `--stage-var NAME=VALUE`.
    pub stage_vars: BTreeMap<String, String>,
    /// Settings the input does not carry (trust store, time, NLB addresses, --connect-to).
    pub template: ProbeRequest,
    /// The format, when not detected.
    pub format: Option<ScanFormat>,
}

/// A case from one planned integration.
pub(crate) fn case_of(
    planned: openapi::Planned,
    location: Location,
    api_kind: ApiKind,
    routes: Vec<String>,
    backend: Option<Backend>,
) -> ScanCase {
    use openapi::Planned;
    let (uri, plan) = match planned {
        Planned::Check { uri, request } => (Some(uri), CasePlan::Check(Box::new(request))),
        Planned::Skip { uri, reason } => (uri, CasePlan::Skipped(reason)),
        Planned::Unresolved { uri, unresolved } => (
            uri.or_else(|| Some(unresolved.expression.clone())),
            CasePlan::Unresolved(unresolved),
        ),
    };
    ScanCase {
        location,
        api_kind,
        routes,
        uri,
        plan,
        backend,
    }
}

/// The case of an HTTP API made by "quick create" (its `Target`): one HTTP_PROXY integration
/// to that URI on the `$default` route.
pub(crate) fn quick_create_case(uri: Value, location: Location, options: &ScanOptions) -> ScanCase {
    let shape = serde_json::json!({ "type": "http_proxy", "uri": uri });
    let planned = openapi::plan_integration(
        &shape,
        ApiKind::HttpApi,
        &options.stage_vars,
        &options.template,
    );
    case_of(
        planned,
        location,
        ApiKind::HttpApi,
        vec!["$default".into()],
        None,
    )
}

/// Parses `NAME=VALUE`.
pub fn parse_param(s: &str) -> Result<(String, String), ScanError> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(ScanError::Argument(format!(
            "--param {s:?}: expected NAME=VALUE"
        ))),
    }
}

/// Reads a file of at most [`MAX_EXPORT_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, ScanError> {
    let meta = std::fs::metadata(path).map_err(|e| ScanError::io(path, e))?;
    if meta.len() > MAX_EXPORT_BYTES as u64 {
        return Err(ScanError::TooLarge);
    }
    let bytes = std::fs::read(path).map_err(|e| ScanError::io(path, e))?;
    if bytes.len() > MAX_EXPORT_BYTES {
        return Err(ScanError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ScanError::io(path, "not UTF-8 text"))
}

/// Parses JSON or YAML into JSON values. YAML's short-form intrinsics (`!Ref X`,
/// `!GetAtt A.B`, `!Sub ...`) become their long JSON forms (`{"Ref": "X"}`,
/// `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::Sub": ...}`), so one resolver reads both syntaxes.
pub fn parse_document(text: &str) -> Result<Value, ScanError> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| ScanError::Syntax(e.to_string()));
    }
    let yaml: serde_norway::Value =
        serde_norway::from_str(text).map_err(|e| ScanError::Syntax(e.to_string()))?;
    yaml_to_json(yaml, 0)
}

fn yaml_to_json(v: serde_norway::Value, depth: usize) -> Result<Value, ScanError> {
    use serde_norway::Value as Y;
    if depth > 256 {
        return Err(ScanError::Syntax("nested too deeply".into()));
    }
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|i| yaml_to_json(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(ScanError::Syntax(format!(
                            "a mapping key that is not a scalar: {other:?}"
                        )))
                    }
                };
                out.insert(key, yaml_to_json(v, depth + 1)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!').to_string();
            let arg = yaml_to_json(t.value, depth + 1)?;
            let (key, arg) = match name.as_str() {
                "Ref" | "Condition" => (name.clone(), arg),
                // `!GetAtt A.B` is the short form of `Fn::GetAtt: [A, B]` (the attribute may
                // itself contain dots, the logical id cannot).
                "GetAtt" => match &arg {
                    Value::String(s) => match s.split_once('.') {
                        Some((a, b)) => ("Fn::GetAtt".into(), serde_json::json!([a, b])),
                        None => ("Fn::GetAtt".into(), arg),
                    },
                    _ => ("Fn::GetAtt".into(), arg),
                },
                _ => (format!("Fn::{name}"), arg),
            };
            let mut m = serde_json::Map::new();
            m.insert(key, arg);
            Value::Object(m)
        }
    })
}

/// The 1-based line where `key` is written as a mapping key (`key:`, `"key":`), searching from
/// line `from` (1-based). Positions are looked up in the text because the parsers keep none;
/// a key name is specific enough for logical ids, addresses and paths.
pub(crate) fn line_of_key(text: &str, key: &str, from: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            [
                format!("{key}:"),
                format!("\"{key}\":"),
                format!("\"{key}\" :"),
                format!("'{key}':"),
            ]
            .iter()
            .any(|p| t.starts_with(p.as_str()))
        })
        .map(|(i, _)| i + 1)
}

/// The 1-based line where `needle` first occurs.
pub(crate) fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text.get(..at).unwrap_or_default().matches('\n').count() + 1)
}

/// Reads an input: a file (format detected from its content, or `options.format`) or a CDK
/// cloud assembly directory.
pub fn read(path: &Path, options: &ScanOptions) -> Result<Scan, ScanError> {
    if path.is_dir() || options.format == Some(ScanFormat::Cdk) {
        return Ok(Scan {
            format: ScanFormat::Cdk,
            cases: cdk::read(path, options)?,
        });
    }
    let text = read_text(path)?;
    let doc = parse_document(&text)?;
    let format = match options.format {
        Some(f) => f,
        None => detect(&doc).ok_or_else(|| ScanError::UnknownFormat(path.display().to_string()))?,
    };
    let cases = match format {
        ScanFormat::OpenApi => {
            let plan = openapi::plan_document(&doc, None, &options.stage_vars, &options.template)?;
            openapi_cases(&plan, &Location::file(path), &text)
        }
        ScanFormat::CloudFormation => cloudformation::read(path, &text, &doc, options)?,
        ScanFormat::Cdk => match path.parent() {
            Some(dir) => cdk::read(dir, options)?,
            None => return Err(ScanError::UnknownFormat(path.display().to_string())),
        },
        ScanFormat::Terraform => terraform::read(path, &text, &doc, options)?,
    };
    Ok(Scan { format, cases })
}

/// Which format a parsed document is.
pub fn detect(doc: &Value) -> Option<ScanFormat> {
    let has = |k: &str| doc.get(k).is_some();
    if has("openapi") || has("swagger") {
        Some(ScanFormat::OpenApi)
    } else if has("format_version")
        && (has("planned_values") || has("values") || has("terraform_version"))
    {
        Some(ScanFormat::Terraform)
    } else if has("Resources") || has("AWSTemplateFormatVersion") {
        Some(ScanFormat::CloudFormation)
    } else if has("artifacts") && has("version") {
        Some(ScanFormat::Cdk)
    } else {
        None
    }
}

/// The cases of an OpenAPI plan, at `base` (the export, or the template resource holding an
/// inline body). Routes are located in `text` from the base's line on.
pub(crate) fn openapi_cases(plan: &ScanPlan, base: &Location, text: &str) -> Vec<ScanCase> {
    let located = |route: &str| {
        let mut l = base.clone();
        let path = route.split_once(' ').map(|(_, p)| p).unwrap_or(route);
        if let Some(line) = line_of_key(text, path, base.line.unwrap_or(1)) {
            l.line = Some(line);
        }
        l
    };
    let mut cases = Vec::new();
    for t in &plan.targets {
        cases.push(ScanCase {
            location: located(t.routes.first().map(String::as_str).unwrap_or("")),
            api_kind: plan.api_kind,
            routes: t.routes.clone(),
            uri: Some(t.uri.clone()),
            plan: CasePlan::Check(Box::new(t.request.clone())),
            backend: None,
        });
    }
    for s in &plan.skipped {
        cases.push(ScanCase {
            location: located(&s.route),
            api_kind: plan.api_kind,
            routes: vec![s.route.clone()],
            uri: s.uri.clone(),
            plan: match &s.unresolved {
                Some(u) => CasePlan::Unresolved(u.clone()),
                None => CasePlan::Skipped(s.reason.clone()),
            },
            backend: None,
        });
    }
    cases
}

// ---------------------------------------------------------------------------------------------
// checking

/// The answer for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    /// API Gateway accepts the backend's chain.
    Accepted,
    /// API Gateway rejects it: the verdict has the message and the fix.
    Rejected,
    /// Not decided: a value is unresolved, no chain was given or received.
    Undecided,
    /// Not an HTTPS integration.
    NotChecked,
}

/// One case and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanResult {
    /// The case.
    #[serde(flatten)]
    pub case: ScanCase,
    /// The answer.
    pub outcome: ScanOutcome,
    /// Why undecided or not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What to change when undecided (the missing argument) — rejected cases have their fix in
    /// the verdict's findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The verdict (offline, or the decisive one of a probe).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The probe's report (live scans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<Box<ProbeReport>>,
}

impl ScanResult {
    fn new(case: &ScanCase, outcome: ScanOutcome) -> ScanResult {
        ScanResult {
            case: case.clone(),
            outcome,
            detail: None,
            fix: None,
            verdict: None,
            probe: None,
        }
    }

    /// A case that is not checked, or unresolved; None for a case to check.
    fn unchecked(case: &ScanCase) -> Option<ScanResult> {
        match &case.plan {
            CasePlan::Check(_) => None,
            CasePlan::Skipped(why) => Some(ScanResult {
                detail: Some(why.clone()),
                ..ScanResult::new(case, ScanOutcome::NotChecked)
            }),
            CasePlan::Unresolved(u) => Some(ScanResult {
                detail: Some(format!("{} is not known: {}", u.expression, u.reason)),
                fix: u.fix.clone(),
                ..ScanResult::new(case, ScanOutcome::Undecided)
            }),
        }
    }

    fn from_verdict(case: &ScanCase, verdict: Verdict) -> ScanResult {
        let mut r = ScanResult::new(
            case,
            if verdict.accepted {
                ScanOutcome::Accepted
            } else {
                ScanOutcome::Rejected
            },
        );
        if let Some(e) = &verdict.error {
            r.outcome = ScanOutcome::Undecided;
            r.detail = Some(format!("cannot evaluate: {e}"));
        }
        r.verdict = Some(verdict);
        r
    }

    /// The decisive finding of a rejection: the one that explains API Gateway's message.
    pub fn decisive_finding(&self) -> Option<&crate::diagnose::Finding> {
        use crate::diagnose::{Severity, Source};
        let v = self.verdict.as_ref().filter(|v| !v.accepted)?;
        v.findings
            .iter()
            .find(|f| f.source == Source::GatewayMessage && f.severity == Severity::Error)
            .or_else(|| v.findings.iter().find(|f| f.severity == Severity::Error))
    }

    /// The message API Gateway logs, for a rejection.
    pub fn gateway_message(&self) -> Option<&str> {
        self.verdict
            .as_ref()
            .filter(|v| !v.accepted)
            .and_then(|v| v.gateway_message.as_deref())
    }

    /// What to change: the decisive finding's fix, or the missing value's.
    pub fn fix_text(&self) -> Option<&str> {
        self.decisive_finding()
            .and_then(|f| f.fix.as_deref())
            .or(self.fix.as_deref())
    }
}

/// Checks every case with chains from files: no network. A case whose host has no chain file
/// is undecided, with the argument that would decide it.
pub fn check_offline(
    cases: &[ScanCase],
    chains: &ChainFiles,
    evaluator: &Evaluator,
) -> Vec<ScanResult> {
    cases
        .iter()
        .map(|case| {
            let request = match (&case.plan, ScanResult::unchecked(case)) {
                (CasePlan::Check(request), _) => request,
                (_, Some(r)) => return r,
                (_, None) => return ScanResult::new(case, ScanOutcome::Undecided),
            };
            let target = match super::Target::parse(&request.url) {
                Ok(t) => t,
                Err(e) => {
                    return ScanResult {
                        detail: Some(format!("{}: {e}", request.url)),
                        ..ScanResult::new(case, ScanOutcome::Undecided)
                    }
                }
            };
            // The chain a backend presents is looked up by the host API Gateway connects to,
            // then by the name it sends as SNI (serverNameToVerify).
            let chain = chains.get(target.bare_host()).or_else(|| {
                request
                    .server_name_to_verify
                    .as_deref()
                    .and_then(|n| chains.get(n))
            });
            match chain {
                Some(chain) => {
                    let c = super::case_from(request, &target, chain.to_vec(), None);
                    ScanResult::from_verdict(case, evaluator.evaluate(&c))
                }
                None => ScanResult {
                    detail: Some(format!("no chain given for {}", target.bare_host())),
                    fix: Some(format!(
                        "--chain {}=FILE, or {}.pem in a --chain directory",
                        target.bare_host(),
                        target.bare_host()
                    )),
                    ..ScanResult::new(case, ScanOutcome::Undecided)
                },
            }
        })
        .collect()
}

/// Checks every case by probing its backend (as `probe-many` does), `concurrency` at a time.
pub fn check_live(
    cases: &[ScanCase],
    options: &ProbeOptions,
    evaluator: &Evaluator,
    concurrency: usize,
    on_done: impl FnMut(&ManyResult),
) -> Result<Vec<ScanResult>, ProbeError> {
    let requests: Vec<ProbeRequest> = cases
        .iter()
        .filter_map(|c| match &c.plan {
            CasePlan::Check(r) => Some((**r).clone()),
            _ => None,
        })
        .collect();
    let mut reports =
        many::probe_many(&requests, options, evaluator, concurrency, on_done)?.into_iter();
    Ok(cases
        .iter()
        .map(|case| {
            if let Some(r) = ScanResult::unchecked(case) {
                return r;
            }
            match reports.next().map(|m| m.result) {
                Some(ManyOutcome::Report(report)) => {
                    let mut r = match &report.verdict {
                        Some(v) => ScanResult::from_verdict(case, v.clone()),
                        None => ScanResult::new(case, ScanOutcome::Undecided),
                    };
                    match report.outcome {
                        Outcome::Accepted | Outcome::Rejected => {}
                        Outcome::SomeAddressesFailed => {
                            r.outcome = ScanOutcome::Undecided;
                            r.detail = Some("some addresses presented no chain".into());
                        }
                        Outcome::NoChain => {
                            r.detail = Some(
                                report
                                    .connections
                                    .iter()
                                    .find_map(|c| c.error.as_ref().map(|e| e.to_string()))
                                    .or_else(|| report.findings.first().map(|f| f.message.clone()))
                                    .unwrap_or_else(|| "no address presented a chain".into()),
                            )
                        }
                    }
                    r.probe = Some(report);
                    r
                }
                Some(ManyOutcome::Error { error }) => ScanResult {
                    detail: Some(error),
                    ..ScanResult::new(case, ScanOutcome::Undecided)
                },
                None => ScanResult::new(case, ScanOutcome::Undecided),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_intrinsics_become_long_form() {
        let doc = parse_document(
            "a: !Ref X\nb: !GetAtt Nlb.DNSName\nc: !Sub 'https://${X}/'\nd: !Join ['', [a, !Ref Y]]\ne: !If [C, 1, 2]\nf: !Condition C\ng: !ImportValue shared\nh: !Select [0, [a]]\n",
        )
        .unwrap();
        assert_eq!(doc["a"], serde_json::json!({"Ref": "X"}));
        assert_eq!(
            doc["b"],
            serde_json::json!({"Fn::GetAtt": ["Nlb", "DNSName"]})
        );
        assert_eq!(doc["c"], serde_json::json!({"Fn::Sub": "https://${X}/"}));
        assert_eq!(
            doc["d"],
            serde_json::json!({"Fn::Join": ["", ["a", {"Ref": "Y"}]]})
        );
        assert_eq!(doc["e"], serde_json::json!({"Fn::If": ["C", 1, 2]}));
        assert_eq!(doc["f"], serde_json::json!({"Condition": "C"}));
        assert_eq!(doc["g"], serde_json::json!({"Fn::ImportValue": "shared"}));
        assert_eq!(doc["h"], serde_json::json!({"Fn::Select": [0, ["a"]]}));
    }

    #[test]
    fn bad_yaml_is_a_syntax_error() {
        assert!(matches!(
            parse_document("a: [\n"),
            Err(ScanError::Syntax(_))
        ));
        assert!(matches!(
            parse_document("{\"a\": "),
            Err(ScanError::Syntax(_))
        ));
    }

    #[test]
    fn keys_are_found_by_line() {
        let text = "Resources:\n  A:\n    Type: x\n  \"B\": {}\n";
        assert_eq!(line_of_key(text, "A", 1), Some(2));
        assert_eq!(line_of_key(text, "B", 1), Some(4));
        assert_eq!(line_of_key(text, "A", 3), None);
        assert_eq!(line_of(text, "Type"), Some(3));
    }

    #[test]
    fn params_and_formats() {
        assert_eq!(
            parse_param("Nlb.DNSName=a=b").unwrap(),
            ("Nlb.DNSName".into(), "a=b".into())
        );
        assert!(parse_param("=x").is_err());
        assert_eq!(ScanFormat::parse("SAM"), Some(ScanFormat::CloudFormation));
        assert_eq!(
            detect(&serde_json::json!({"format_version": "1.2", "planned_values": {}})),
            Some(ScanFormat::Terraform)
        );
        assert_eq!(detect(&serde_json::json!({"a": 1})), None);
    }
}
