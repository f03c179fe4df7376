//! `apigw-tls scan EXPORT`: the HTTPS integrations of an exported API definition (OpenAPI 3 or
//! Swagger 2, JSON or YAML, with `x-amazon-apigateway-integration`), turned into probe requests.
//!
//! Read per integration: `type` (only `http` / `http_proxy` call a URL), `uri`,
//! `connectionType` (`INTERNET` / `VPC_LINK`), `tlsConfig.insecureSkipVerification` (REST) and
//! `tlsConfig.serverNameToVerify` (HTTP API). `${stageVariables.NAME}` is replaced from the given
//! stage variables. An HTTP API export is recognised by `x-amazon-apigateway-importexport-version`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::ProbeRequest;
use crate::case::Integration;

/// Largest export read.
pub const MAX_EXPORT_BYTES: usize = 32 * 1024 * 1024;

/// Why an export cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// Neither JSON nor YAML.
    #[error("the export is neither JSON nor YAML: {0}")]
    Syntax(String),
    /// Not an OpenAPI 3 / Swagger 2 document.
    #[error("not an OpenAPI 3 or Swagger 2 document (no \"openapi\" or \"swagger\" field)")]
    NotOpenApi,
    /// Too large.
    #[error("the export is larger than {MAX_EXPORT_BYTES} bytes")]
    TooLarge,
}

/// Which API Gateway product exported the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKind {
    /// A REST API (OpenAPI 3 or Swagger 2 export).
    RestApi,
    /// An HTTP API (`x-amazon-apigateway-importexport-version`).
    HttpApi,
}

/// One integration to probe, with every route that uses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanTarget {
    /// `METHOD /path` of each route using this integration.
    pub routes: Vec<String>,
    /// The integration's `uri` as written.
    pub uri: String,
    /// The probe request (URL with stage variables replaced, settings).
    #[serde(skip)]
    pub request: ProbeRequest,
}

/// A route whose integration is not probed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanSkip {
    /// `METHOD /path`.
    pub route: String,
    /// The integration's `uri`, when it has one.
    pub uri: Option<String>,
    /// Why it is not probed.
    pub reason: String,
}

/// What a scan will probe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanPlan {
    /// REST or HTTP API.
    pub api_kind: ApiKind,
    /// `info.title`.
    pub title: Option<String>,
    /// The distinct HTTPS integrations.
    pub targets: Vec<ScanTarget>,
    /// Routes not probed.
    pub skipped: Vec<ScanSkip>,
}

const METHODS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "x-amazon-apigateway-any-method",
];

/// Reads an export and lists its integrations. `stage_vars` replace `${stageVariables.NAME}`;
/// `template` supplies settings the export does not carry (trust store, time, NLB addresses).
pub fn plan(
    text: &str,
    stage_vars: &BTreeMap<String, String>,
    template: &ProbeRequest,
) -> Result<ScanPlan, ScanError> {
    if text.len() > MAX_EXPORT_BYTES {
        return Err(ScanError::TooLarge);
    }
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| ScanError::Syntax(e.to_string()))?
    } else {
        serde_norway::from_str(text).map_err(|e| ScanError::Syntax(e.to_string()))?
    };
    if doc.get("openapi").is_none() && doc.get("swagger").is_none() {
        return Err(ScanError::NotOpenApi);
    }
    let api_kind = if doc
        .get("x-amazon-apigateway-importexport-version")
        .is_some()
    {
        ApiKind::HttpApi
    } else {
        ApiKind::RestApi
    };
    let title = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut targets: Vec<ScanTarget> = Vec::new();
    let mut skipped = Vec::new();
    let empty = serde_json::Map::new();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !METHODS.contains(&method.to_ascii_lowercase().as_str()) {
                continue;
            }
            let route = format!(
                "{} {path}",
                if method == "x-amazon-apigateway-any-method" {
                    "ANY".to_string()
                } else {
                    method.to_ascii_uppercase()
                }
            );
            let Some(integration) = op
                .get("x-amazon-apigateway-integration")
                .map(|i| resolve_ref(&doc, i))
            else {
                skipped.push(ScanSkip {
                    route,
                    uri: None,
                    reason: "no x-amazon-apigateway-integration".into(),
                });
                continue;
            };
            match request_for(integration, api_kind, stage_vars, template) {
                Ok((uri, request)) => match targets.iter_mut().find(|t| t.request == request) {
                    Some(t) => t.routes.push(route),
                    None => targets.push(ScanTarget {
                        routes: vec![route],
                        uri,
                        request,
                    }),
                },
                Err((uri, reason)) => skipped.push(ScanSkip { route, uri, reason }),
            }
        }
    }
    Ok(ScanPlan {
        api_kind,
        title,
        targets,
        skipped,
    })
}

/// Follows a local `$ref` (`#/components/x-amazon-apigateway-integrations/NAME`), once.
fn resolve_ref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(pointer) => doc.pointer(pointer).unwrap_or(v),
        None => v,
    }
}

type Planned = Result<(String, ProbeRequest), (Option<String>, String)>;

fn request_for(
    integration: &Value,
    api_kind: ApiKind,
    stage_vars: &BTreeMap<String, String>,
    template: &ProbeRequest,
) -> Planned {
    let kind = integration
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let uri = integration
        .get("uri")
        .and_then(Value::as_str)
        .map(str::to_string);
    if kind != "http" && kind != "http_proxy" {
        return Err((
            uri,
            format!("integration type {kind:?} does not call an HTTP endpoint"),
        ));
    }
    let Some(uri) = uri else {
        return Err((None, "the integration has no uri".into()));
    };
    let url = substitute(&uri, stage_vars).map_err(|missing| {
        (
            Some(uri.clone()),
            format!("stage variable {missing:?} is not given (use --stage-var {missing}=VALUE)"),
        )
    })?;
    if url.starts_with("arn:") {
        return Err((Some(uri), "the integration targets a load balancer listener or Cloud Map service by ARN: probe its DNS name with `apigw-tls probe` and --server-name".into()));
    }
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Err((
            Some(uri),
            "not an https:// URL: API Gateway does no TLS to this backend".into(),
        ));
    }
    let vpc_link = integration
        .get("connectionType")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("VPC_LINK"));
    let integration_kind = match (vpc_link, api_kind) {
        (true, ApiKind::RestApi) => Integration::RestVpcLink,
        (true, ApiKind::HttpApi) => Integration::HttpApiPrivate,
        (false, _) => Integration::RestHttp,
    };
    let tls = integration.get("tlsConfig");
    let skip = tls
        .and_then(|t| t.get("insecureSkipVerification"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let server_name = tls
        .and_then(|t| t.get("serverNameToVerify"))
        .and_then(Value::as_str)
        .map(|s| substitute(s, stage_vars).unwrap_or_else(|_| s.to_string()));
    let mut request = template.clone();
    request.url = url;
    request.integration = Some(integration_kind);
    request.skip_verification = skip || template.skip_verification;
    request.server_name_to_verify = server_name.or_else(|| template.server_name_to_verify.clone());
    Ok((uri, request))
}

/// Replaces `${stageVariables.NAME}`; Err(NAME) for the first one not given.
fn substitute(s: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    const OPEN: &str = "${stageVariables.";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + OPEN.len()..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            out.push_str(rest.get(start..).unwrap_or_default());
            return Ok(out);
        };
        let name = after.get(..end).unwrap_or_default();
        out.push_str(vars.get(name).ok_or_else(|| name.to_string())?);
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses `k=v` stage-variable arguments.
pub fn parse_stage_var(s: &str) -> Option<(String, String)> {
    let (k, v) = s.split_once('=')?;
    (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REST_YAML: &str = r#"
openapi: "3.0.1"
info: { title: "pets" }
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: "https://${stageVariables.host}/pets"
        connectionType: VPC_LINK
        connectionId: "abc123"
        tlsConfig: { insecureSkipVerification: true }
    post:
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: "https://${stageVariables.host}/pets"
        connectionType: VPC_LINK
        tlsConfig: { insecureSkipVerification: true }
  /health:
    get:
      x-amazon-apigateway-integration: { type: mock }
  /plain:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration: { type: http, uri: "http://backend.example/" }
  /other:
    get:
      x-amazon-apigateway-integration: { type: http, uri: "https://${stageVariables.missing}/" }
"#;

    #[test]
    fn rest_export_in_yaml() {
        let vars = BTreeMap::from([("host".to_string(), "20211114.tak1wa.com".to_string())]);
        let p = plan(REST_YAML, &vars, &ProbeRequest::default()).unwrap();
        assert_eq!(p.api_kind, ApiKind::RestApi);
        assert_eq!(p.title.as_deref(), Some("pets"));
        assert_eq!(p.targets.len(), 1);
        let t = &p.targets[0];
        assert_eq!(t.routes, vec!["GET /pets", "POST /pets"]);
        assert_eq!(t.request.url, "https://20211114.tak1wa.com/pets");
        assert_eq!(t.request.integration, Some(Integration::RestVpcLink));
        assert!(t.request.skip_verification);
        let reasons: Vec<(&str, &str)> = p
            .skipped
            .iter()
            .map(|s| (s.route.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 3);
        assert!(reasons
            .iter()
            .any(|(r, why)| *r == "GET /health" && why.contains("mock")));
        assert!(reasons
            .iter()
            .any(|(r, why)| *r == "ANY /plain" && why.contains("not an https")));
        assert!(reasons
            .iter()
            .any(|(r, why)| *r == "GET /other" && why.contains("missing")));
    }

    #[test]
    fn http_api_export_in_json_with_refs() {
        let doc = serde_json::json!({
            "openapi": "3.0.1",
            "x-amazon-apigateway-importexport-version": "1.0",
            "paths": {
                "/a": {"get": {"x-amazon-apigateway-integration": {"$ref": "#/components/x-amazon-apigateway-integrations/nlb"}}},
                "/b": {"get": {"x-amazon-apigateway-integration": {"type": "http_proxy", "connectionType": "VPC_LINK", "uri": "arn:aws:elasticloadbalancing:ap-northeast-1:1:listener/net/nlb1/x/y"}}}
            },
            "components": {"x-amazon-apigateway-integrations": {"nlb": {
                "type": "http_proxy", "connectionType": "VPC_LINK", "uri": "https://internal.example/",
                "tlsConfig": {"serverNameToVerify": "api.example.com"}
            }}}
        });
        let p = plan(&doc.to_string(), &BTreeMap::new(), &ProbeRequest::default()).unwrap();
        assert_eq!(p.api_kind, ApiKind::HttpApi);
        assert_eq!(p.targets.len(), 1);
        assert_eq!(
            p.targets[0].request.integration,
            Some(Integration::HttpApiPrivate)
        );
        assert_eq!(
            p.targets[0].request.server_name_to_verify.as_deref(),
            Some("api.example.com")
        );
        assert!(p.skipped[0].reason.contains("ARN"));
    }

    #[test]
    fn swagger2_and_bad_documents() {
        let doc = r#"{"swagger":"2.0","paths":{"/x":{"get":{"x-amazon-apigateway-integration":{"type":"http","uri":"https://api.example.com/x"}}}}}"#;
        let p = plan(doc, &BTreeMap::new(), &ProbeRequest::default()).unwrap();
        assert_eq!(
            p.targets[0].request.integration,
            Some(Integration::RestHttp)
        );
        assert_eq!(
            plan("{\"a\":1}", &BTreeMap::new(), &ProbeRequest::default()),
            Err(ScanError::NotOpenApi)
        );
        assert!(matches!(
            plan("a: [", &BTreeMap::new(), &ProbeRequest::default()),
            Err(ScanError::Syntax(_))
        ));
    }

    #[test]
    fn stage_variables() {
        let vars = BTreeMap::from([("a".to_string(), "x".to_string())]);
        assert_eq!(
            substitute(
                "https://${stageVariables.a}.example/${stageVariables.a}",
                &vars
            )
            .unwrap(),
            "https://x.example/x"
        );
        assert_eq!(
            substitute("https://${stageVariables.b}/", &vars),
            Err("b".to_string())
        );
        assert_eq!(
            substitute("https://${stageVariables.a", &vars).unwrap(),
            "https://${stageVariables.a"
        );
        assert_eq!(parse_stage_var("k=v=w"), Some(("k".into(), "v=w".into())));
        assert_eq!(parse_stage_var("=v"), None);
    }
}
