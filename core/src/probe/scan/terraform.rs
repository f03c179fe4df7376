//! Terraform: the JSON of `terraform show -json` for a plan (`planned_values`,
//! `resource_changes`, `configuration`) or for the state (`values`).
//!
//! Read: `aws_api_gateway_integration` (`type`, `uri`, `connection_type`, `connection_id`,
//! `tls_config.insecure_skip_verification`), `aws_apigatewayv2_integration`
//! (`integration_type`, `integration_uri`, `connection_type`, `tls_config.server_name_to_verify`),
//! the OpenAPI `body` of `aws_api_gateway_rest_api` / `aws_apigatewayv2_api`, and `aws_lb`,
//! `aws_lb_listener`, `aws_lb_target_group`, `aws_api_gateway_vpc_link` to know what sits behind
//! a private integration. A value the plan marks unknown (`after_unknown`) is reported as known
//! only after apply, with what the configuration says it comes from.

use std::path::Path;

use serde_json::{Map, Value};

use super::openapi;
use super::{
    case_of, line_of, load_balancer_dns_name, openapi_cases, parse_document, ApiKind, Backend,
    CasePlan, Listener, LoadBalancer, Location, ScanCase, ScanError, ScanOptions, TargetGroup,
    Unresolved, MAX_DEPTH,
};

/// One resource of the plan or state.
struct Resource<'a> {
    address: &'a str,
    ty: &'a str,
    values: &'a Value,
}

struct Plan<'a> {
    path: &'a Path,
    text: &'a str,
    doc: &'a Value,
    resources: Vec<Resource<'a>>,
}

/// Reads the integrations of `terraform show -json` output.
pub fn read(
    path: &Path,
    text: &str,
    doc: &Value,
    options: &ScanOptions,
) -> Result<Vec<ScanCase>, ScanError> {
    let root = doc
        .pointer("/planned_values/root_module")
        .or_else(|| doc.pointer("/values/root_module"));
    let mut resources = Vec::new();
    if let Some(root) = root {
        collect(root, &mut resources, 0);
    }
    // Resources the plan does not change are in the prior state only.
    if let Some(prior) = doc.pointer("/prior_state/values/root_module") {
        let mut old = Vec::new();
        collect(prior, &mut old, 0);
        for r in old {
            if !resources.iter().any(|n| n.address == r.address) {
                resources.push(r);
            }
        }
    }
    let plan = Plan {
        path,
        text,
        doc,
        resources,
    };
    let mut cases = Vec::new();
    for r in plan
        .resources
        .iter()
        .filter(|r| !r.address.starts_with("data."))
    {
        let loc = plan.location(r);
        match r.ty {
            "aws_api_gateway_integration" => cases.push(plan.rest_integration(r, loc, options)),
            "aws_apigatewayv2_integration" => cases.push(plan.v2_integration(r, loc, options)),
            "aws_api_gateway_rest_api" => {
                cases.extend(plan.body(r, ApiKind::RestApi, loc, options)?)
            }
            "aws_apigatewayv2_api" => {
                if let Some(target) = r.values.get("target").and_then(Value::as_str) {
                    cases.push(super::quick_create_case(
                        Value::from(target),
                        loc.clone(),
                        options,
                    ));
                }
                cases.extend(plan.body(r, ApiKind::HttpApi, loc, options)?)
            }
            _ => {}
        }
    }
    Ok(cases)
}

fn collect<'a>(module: &'a Value, out: &mut Vec<Resource<'a>>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for r in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(address), Some(ty)) = (
            r.get("address").and_then(Value::as_str),
            r.get("type").and_then(Value::as_str),
        ) {
            out.push(Resource {
                address,
                ty,
                values: r.get("values").unwrap_or(&Value::Null),
            });
        }
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(child, out, depth + 1);
    }
}

/// The first block of a nested-block list (`tls_config = [{...}]`).
fn block<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key)? {
        Value::Array(a) => a.first(),
        Value::Object(_) => v.get(key),
        _ => None,
    }
}

impl<'a> Plan<'a> {
    fn location(&self, r: &Resource<'_>) -> Location {
        let line = line_of(self.text, &format!("\"address\":\"{}\"", r.address))
            .or_else(|| line_of(self.text, &format!("\"address\": \"{}\"", r.address)));
        Location {
            file: self.path.to_path_buf(),
            resource: Some(r.address.to_string()),
            resource_type: Some(r.ty.to_string()),
            cdk_path: None,
            line,
        }
    }

    fn find(&self, ty: &str, key: &str, value: &str) -> Option<&Resource<'a>> {
        self.resources
            .iter()
            .find(|r| r.ty == ty && r.values.get(key).and_then(Value::as_str) == Some(value))
    }

    /// The `after_unknown` of a resource's planned change, at a JSON pointer.
    fn unknown(&self, address: &str, pointer: &str) -> bool {
        self.doc
            .get("resource_changes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| c.get("address").and_then(Value::as_str) == Some(address))
            .and_then(|c| c.pointer(&format!("/change/after_unknown{pointer}")))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// What the configuration says an attribute is made of (`aws_lb.nlb.dns_name`, ...).
    fn references(&self, address: &str, attribute: &str) -> Vec<String> {
        // The configuration has no instance keys (`x[0]`) and nests modules under
        // `module_calls.NAME.module`.
        let mut module = self.doc.pointer("/configuration/root_module");
        let mut parts: Vec<&str> = address.split('.').collect();
        while parts.first() == Some(&"module") && parts.len() > 2 {
            let name = parts[1].split('[').next().unwrap_or_default();
            module = module.and_then(|m| m.pointer(&format!("/module_calls/{name}/module")));
            parts.drain(..2);
        }
        let local = parts
            .join(".")
            .split('[')
            .next()
            .unwrap_or_default()
            .to_string();
        module
            .and_then(|m| m.get("resources"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|r| r.get("address").and_then(Value::as_str) == Some(local.as_str()))
            .and_then(|r| r.pointer(&format!("/expressions/{attribute}/references")))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    }

    /// A value of the plan: known (JSON), unknown until apply (a marker), or absent.
    fn value(&self, r: &Resource<'_>, attribute: &str, pointer: &str) -> Option<Value> {
        if let Some(v) = r.values.pointer(pointer).filter(|v| !v.is_null()) {
            return Some(v.clone());
        }
        if !self.unknown(r.address, pointer) {
            return None;
        }
        let refs = self.references(r.address, attribute);
        let expression = match refs.first() {
            Some(first) => format!("{}.{attribute} = {first}", r.address),
            None => format!("{}.{attribute}", r.address),
        };
        // `aws_lb.NAME.dns_name`: the load balancer's generated name, the incident's shape.
        let lb = refs.iter().find_map(|x| {
            x.strip_suffix(".dns_name")
                .filter(|l| l.starts_with("aws_lb.") || l.contains(".aws_lb."))
        });
        let u = match lb {
            Some(lb) => load_balancer_dns_name(expression, lb, None),
            None => Unresolved {
                expression,
                reason: "the plan knows this value only after apply".into(),
                fix: Some(
                    "scan the state after apply (`terraform show -json`), or plan again once what it depends on exists"
                        .into(),
                ),
                load_balancer: None,
            },
        };
        Some(u.to_value())
    }

    fn rest_integration(&self, r: &Resource<'_>, loc: Location, options: &ScanOptions) -> ScanCase {
        let mut shape = Map::new();
        for (from, to) in [
            ("type", "type"),
            ("uri", "uri"),
            ("connection_type", "connectionType"),
        ] {
            if let Some(v) = self.value(r, from, &format!("/{from}")) {
                shape.insert(to.into(), v);
            }
        }
        if let Some(skip) = self.value(r, "tls_config", "/tls_config/0/insecure_skip_verification")
        {
            shape.insert(
                "tlsConfig".into(),
                serde_json::json!({ "insecureSkipVerification": skip }),
            );
        }
        let planned = openapi::plan_integration(
            &Value::Object(shape),
            ApiKind::RestApi,
            &options.stage_vars,
            &options.template,
        );
        let method = r
            .values
            .get("http_method")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let path = r
            .values
            .get("resource_id")
            .and_then(Value::as_str)
            .and_then(|id| self.find("aws_api_gateway_resource", "id", id))
            .and_then(|res| res.values.get("path").and_then(Value::as_str))
            .unwrap_or("");
        let route = format!("{method} {path}").trim().to_string();
        let backend = r
            .values
            .get("connection_id")
            .and_then(Value::as_str)
            .and_then(|id| self.find("aws_api_gateway_vpc_link", "id", id))
            .map(|link| Backend {
                vpc_link: Some(link.address.to_string()),
                load_balancer: link
                    .values
                    .pointer("/target_arns/0")
                    .and_then(Value::as_str)
                    .and_then(|arn| self.load_balancer(arn)),
            });
        case_of(planned, loc, ApiKind::RestApi, vec![route], backend)
    }

    fn load_balancer(&self, arn: &str) -> Option<LoadBalancer> {
        let lb = self
            .find("aws_lb", "arn", arn)
            .or_else(|| self.find("aws_alb", "arn", arn))?;
        let listeners = self
            .resources
            .iter()
            .filter(|l| matches!(l.ty, "aws_lb_listener" | "aws_alb_listener"))
            .filter(|l| l.values.get("load_balancer_arn").and_then(Value::as_str) == Some(arn))
            .map(|l| self.listener(l))
            .collect();
        Some(LoadBalancer {
            id: lb.address.to_string(),
            kind: lb
                .values
                .get("load_balancer_type")
                .and_then(Value::as_str)
                .map(str::to_string),
            dns_name: lb
                .values
                .get("dns_name")
                .and_then(Value::as_str)
                .map(str::to_string),
            listeners,
        })
    }

    fn listener(&self, l: &Resource<'_>) -> Listener {
        let port = |v: &Value| {
            v.get("port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
        };
        let protocol = |v: &Value| {
            v.get("protocol")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let target_group = l
            .values
            .pointer("/default_action/0/target_group_arn")
            .and_then(Value::as_str)
            .and_then(|arn| self.find("aws_lb_target_group", "arn", arn))
            .map(|tg| TargetGroup {
                id: tg.address.to_string(),
                port: port(tg.values),
                protocol: protocol(tg.values),
            });
        Listener {
            id: l.address.to_string(),
            port: port(l.values),
            protocol: protocol(l.values),
            target_group,
        }
    }

    /// `aws_apigatewayv2_integration`. A private integration by listener ARN goes to that
    /// listener's load balancer; TLS only with a `tls_config`.
    fn v2_integration(&self, r: &Resource<'_>, loc: Location, options: &ScanOptions) -> ScanCase {
        let tls = block(r.values, "tls_config");
        let server_name = self.value(r, "tls_config", "/tls_config/0/server_name_to_verify");
        let mut uri = self.value(r, "integration_uri", "/integration_uri");
        let mut backend = None;
        let listener = uri
            .as_ref()
            .and_then(Value::as_str)
            .and_then(|arn| self.find("aws_lb_listener", "arn", arn));
        if let Some(l) = listener {
            let lb = l
                .values
                .get("load_balancer_arn")
                .and_then(Value::as_str)
                .and_then(|arn| self.load_balancer(arn));
            let scheme = if tls.is_some() { "https" } else { "http" };
            let authority = |host: &str| match l.values.get("port").and_then(Value::as_u64) {
                Some(p) if p != 443 => format!("{host}:{p}"),
                _ => host.to_string(),
            };
            let host = lb
                .as_ref()
                .and_then(|lb| lb.dns_name.clone())
                // With server_name_to_verify the verdict depends on that name only.
                .or_else(|| {
                    server_name
                        .as_ref()
                        .and_then(Value::as_str)
                        .map(str::to_string)
                });
            if let Some(host) = host {
                uri = Some(Value::String(format!("{scheme}://{}/", authority(&host))));
            }
            backend = Some(Backend {
                vpc_link: r
                    .values
                    .get("connection_id")
                    .and_then(Value::as_str)
                    .and_then(|id| self.find("aws_apigatewayv2_vpc_link", "id", id))
                    .map(|v| v.address.to_string()),
                load_balancer: lb,
            });
        }
        let mut shape = Map::new();
        if let Some(t) = self.value(r, "integration_type", "/integration_type") {
            shape.insert("type".into(), t);
        }
        if let Some(u) = uri {
            shape.insert("uri".into(), u);
        }
        if let Some(c) = self.value(r, "connection_type", "/connection_type") {
            shape.insert("connectionType".into(), c);
        }
        if tls.is_some() || server_name.is_some() {
            let mut tc = Map::new();
            if let Some(n) = server_name {
                tc.insert("serverNameToVerify".into(), n);
            }
            shape.insert("tlsConfig".into(), Value::Object(tc));
        }
        let planned = openapi::plan_integration(
            &Value::Object(shape),
            ApiKind::HttpApi,
            &options.stage_vars,
            &options.template,
        );
        let routes = r
            .values
            .get("id")
            .and_then(Value::as_str)
            .map(|id| format!("integrations/{id}"))
            .map(|target| {
                self.resources
                    .iter()
                    .filter(|x| x.ty == "aws_apigatewayv2_route")
                    .filter(|x| {
                        x.values.get("target").and_then(Value::as_str) == Some(target.as_str())
                    })
                    .filter_map(|x| {
                        x.values
                            .get("route_key")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        case_of(planned, loc, ApiKind::HttpApi, routes, backend)
    }

    /// The OpenAPI `body` of an API (a JSON or YAML string).
    fn body(
        &self,
        r: &Resource<'_>,
        kind: ApiKind,
        loc: Location,
        options: &ScanOptions,
    ) -> Result<Vec<ScanCase>, ScanError> {
        let skipped = |plan: CasePlan| ScanCase {
            location: loc.clone(),
            api_kind: kind,
            routes: vec![],
            uri: None,
            plan,
            backend: None,
        };
        match self.value(r, "body", "/body") {
            None => Ok(vec![]),
            Some(v) => {
                if let Some(u) = Unresolved::from_value(&v) {
                    return Ok(vec![skipped(CasePlan::Unresolved(u))]);
                }
                let Some(text) = v.as_str() else {
                    return Ok(vec![]);
                };
                let doc = match parse_document(text) {
                    Ok(d) => d,
                    Err(e) => {
                        return Err(ScanError::invalid(
                            self.path,
                            format!("{}: body: {e}", r.address),
                        ))
                    }
                };
                match openapi::plan_document(
                    &doc,
                    Some(kind),
                    &options.stage_vars,
                    &options.template,
                ) {
                    // The body is a string inside the plan: its routes have no line of their own.
                    Ok(plan) => Ok(openapi_cases(&plan, &loc, "")),
                    Err(ScanError::NotOpenApi) => Ok(vec![skipped(CasePlan::Skipped(
                        "body is not an OpenAPI 3 or Swagger 2 document".into(),
                    ))]),
                    Err(e) => Err(e),
                }
            }
        }
    }
}
