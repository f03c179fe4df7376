//! OpenAPI 3 / Swagger 2 definitions (JSON or YAML, with `x-amazon-apigateway-integration`): an
//! exported API, or the inline `Body` / `DefinitionBody` of a template, turned into probe
//! requests.
//!
//! Read per integration: `type` (only `http` / `http_proxy` call a URL), `uri`,
//! `connectionType` (`INTERNET` / `VPC_LINK`), `tlsConfig.insecureSkipVerification` (REST) and
//! `tlsConfig.serverNameToVerify` (HTTP API). `${stageVariables.NAME}` is replaced from the given
//! stage variables. An HTTP API export is recognised by `x-amazon-apigateway-importexport-version`
//! (a template says which product its body belongs to).
//!
//! The template readers translate their integrations into this shape and call
//! [`plan_integration`], so every format follows one set of rules.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{parse_document, ApiKind, ScanError, Unresolved, MAX_EXPORT_BYTES};
use crate::case::Integration;
use crate::probe::ProbeRequest;

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
    /// Set when the integration calls HTTPS but a value it needs is not known before deploy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<Unresolved>,
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
    let doc = parse_document(text)?;
    plan_document(&doc, None, stage_vars, template)
}

/// Lists the integrations of a parsed definition. `kind` says which product it belongs to when
/// the caller knows (a template's resource type); otherwise the export's markers decide.
pub fn plan_document(
    doc: &Value,
    kind: Option<ApiKind>,
    stage_vars: &BTreeMap<String, String>,
    template: &ProbeRequest,
) -> Result<ScanPlan, ScanError> {
    if doc.get("openapi").is_none() && doc.get("swagger").is_none() {
        return Err(ScanError::NotOpenApi);
    }
    let api_kind = kind.unwrap_or(
        if doc
            .get("x-amazon-apigateway-importexport-version")
            .is_some()
        {
            ApiKind::HttpApi
        } else {
            ApiKind::RestApi
        },
    );
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
                .map(|i| resolve_ref(doc, i))
            else {
                skipped.push(ScanSkip {
                    route,
                    uri: None,
                    reason: "no x-amazon-apigateway-integration".into(),
                    unresolved: None,
                });
                continue;
            };
            match plan_integration(integration, api_kind, stage_vars, template) {
                Planned::Check { uri, request } => {
                    match targets.iter_mut().find(|t| t.request == request) {
                        Some(t) => t.routes.push(route),
                        None => targets.push(ScanTarget {
                            routes: vec![route],
                            uri,
                            request,
                        }),
                    }
                }
                Planned::Skip { uri, reason } => skipped.push(ScanSkip {
                    route,
                    uri,
                    reason,
                    unresolved: None,
                }),
                Planned::Unresolved { uri, unresolved } => skipped.push(ScanSkip {
                    route,
                    uri,
                    reason: unresolved.to_string(),
                    unresolved: Some(unresolved),
                }),
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

/// What one integration becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    /// An HTTPS integration to check.
    Check {
        /// The `uri` as written.
        uri: String,
        /// The request (URL with stage variables replaced, settings).
        request: ProbeRequest,
    },
    /// Not an HTTPS call (Lambda, mock, plain HTTP, ...).
    Skip {
        /// The `uri`, when it has one.
        uri: Option<String>,
        /// Why.
        reason: String,
    },
    /// An HTTPS call that needs a value not known before deploy.
    Unresolved {
        /// The `uri` as far as it is known.
        uri: Option<String>,
        /// What is missing.
        unresolved: Unresolved,
    },
}

/// A field of an integration object: absent, a value, or a value the template reader could not
/// resolve (see [`Unresolved::to_value`]).
fn field<'a>(v: Option<&'a Value>, key: &str) -> Result<Option<&'a Value>, Unresolved> {
    match v.and_then(|v| v.get(key)) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => match Unresolved::from_value(x) {
            Some(u) => Err(u),
            None => Ok(Some(x)),
        },
    }
}

/// A scalar field as text (`true` and numbers are written as YAML allows them).
fn text(v: Option<&Value>, key: &str) -> Result<Option<String>, Unresolved> {
    Ok(field(v, key)?.and_then(|x| match x {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }))
}

/// One `x-amazon-apigateway-integration` object (or a template's integration in that shape)
/// as a request, a skip or an unresolved value.
pub fn plan_integration(
    integration: &Value,
    api_kind: ApiKind,
    stage_vars: &BTreeMap<String, String>,
    template: &ProbeRequest,
) -> Planned {
    let written_uri = text(Some(integration), "uri").ok().flatten();
    let unresolved = |u: Unresolved| Planned::Unresolved {
        uri: written_uri.clone(),
        unresolved: u,
    };
    let kind = match text(Some(integration), "type") {
        Ok(k) => k.unwrap_or_default().to_ascii_lowercase(),
        Err(u) => return unresolved(u),
    };
    if kind != "http" && kind != "http_proxy" {
        return Planned::Skip {
            uri: written_uri,
            reason: format!("integration type {kind:?} does not call an HTTP endpoint"),
        };
    }
    // Read now, decided below: with serverNameToVerify an unknown load balancer name in the URL
    // does not matter to the verdict.
    let uri = text(Some(integration), "uri");
    let vpc_link = match text(Some(integration), "connectionType") {
        Ok(c) => c.is_some_and(|c| c.eq_ignore_ascii_case("VPC_LINK")),
        Err(u) => return unresolved(u),
    };
    let tls = match field(Some(integration), "tlsConfig") {
        Ok(t) => t,
        Err(u) => return unresolved(u),
    };
    let skip = match field(tls, "insecureSkipVerification") {
        Ok(v) => v.is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true")),
        Err(u) => return unresolved(u),
    };
    let server_name = match text(tls, "serverNameToVerify") {
        Ok(n) => n,
        Err(u) => return unresolved(u),
    };
    let server_name = match server_name.map(|s| substitute(&s, stage_vars)).transpose() {
        Ok(n) => n,
        Err(missing) => return unresolved(missing_stage_variable(&missing)),
    };
    let uri = match uri {
        Ok(Some(u)) => u,
        Ok(None) => {
            return Planned::Skip {
                uri: None,
                reason: "the integration has no uri".into(),
            }
        }
        // An HTTP API private integration verifies serverNameToVerify, which is also its SNI:
        // the verdict depends on that name only, wherever the handshake goes.
        Err(u) if u.load_balancer.is_some() && vpc_link && api_kind == ApiKind::HttpApi => {
            match &server_name {
                Some(name) => format!("https://{name}/"),
                None => return unresolved(u),
            }
        }
        Err(u) => return unresolved(u),
    };
    let mut url = match substitute(&uri, stage_vars) {
        Ok(u) => u,
        Err(missing) => return unresolved(missing_stage_variable(&missing)),
    };
    if url.starts_with("arn:") {
        if !(vpc_link && api_kind == ApiKind::HttpApi) {
            return Planned::Skip {
                uri: Some(uri),
                reason: "the integration targets a load balancer listener or Cloud Map service by ARN: probe its DNS name with `apigw-tls probe` and --server-name".into(),
            };
        }
        // An HTTP API private integration by ARN speaks TLS only when it has a tlsConfig; with
        // serverNameToVerify the verdict depends on that name alone (it is the SNI and the
        // name checked), so the case is checked under it. Without it, which name API Gateway
        // would verify is not something the definition tells.
        match (tls, &server_name) {
            (None, _) => {
                return Planned::Skip {
                    uri: Some(uri),
                    reason: "the integration targets a load balancer listener or Cloud Map service by ARN and has no tlsConfig: API Gateway speaks plain HTTP to it".into(),
                }
            }
            (Some(_), Some(name)) => url = format!("https://{name}/"),
            (Some(_), None) => {
                return unresolved(Unresolved {
                    expression: uri.clone(),
                    reason: "a private integration by listener ARN with a tlsConfig but no serverNameToVerify: the name API Gateway verifies is not known before deploy".into(),
                    fix: Some("set tlsConfig.serverNameToVerify to a name the backend's certificate has".into()),
                    load_balancer: None,
                })
            }
        }
    }
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Planned::Skip {
            uri: Some(uri),
            reason: "not an https:// URL: API Gateway does no TLS to this backend".into(),
        };
    }
    let integration_kind = match (vpc_link, api_kind) {
        (true, ApiKind::RestApi) => Integration::RestVpcLink,
        (true, ApiKind::HttpApi) => Integration::HttpApiPrivate,
        (false, _) => Integration::RestHttp,
    };
    let mut request = template.clone();
    request.url = url;
    request.integration = Some(integration_kind);
    // insecureSkipVerification exists on REST APIs only: an HTTP API definition that carries it
    // still gets the full check, so honouring it there could predict an accept API Gateway
    // would not give.
    request.skip_verification =
        (skip && api_kind == ApiKind::RestApi) || template.skip_verification;
    request.server_name_to_verify = server_name.or_else(|| template.server_name_to_verify.clone());
    Planned::Check { uri, request }
}

fn missing_stage_variable(name: &str) -> Unresolved {
    Unresolved {
        expression: format!("${{stageVariables.{name}}}"),
        reason: format!("stage variable {name:?} is not given"),
        fix: Some(format!("give it with --stage-var {name}=VALUE")),
        load_balancer: None,
    }
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
        // REST-only settings are not honoured on an HTTP API.
        let skip = serde_json::json!({"openapi": "3.0.1", "x-amazon-apigateway-importexport-version": "1.0",
            "paths": {"/s": {"get": {"x-amazon-apigateway-integration": {"type": "http_proxy", "uri": "https://a.example.com/",
            "tlsConfig": {"insecureSkipVerification": true}}}}}});
        let p = plan(
            &skip.to_string(),
            &BTreeMap::new(),
            &ProbeRequest::default(),
        )
        .unwrap();
        assert!(!p.targets[0].request.skip_verification);
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
