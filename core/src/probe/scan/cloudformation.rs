//! CloudFormation and SAM templates (JSON or YAML, short-form intrinsics included).
//!
//! Read: `AWS::ApiGateway::Method` integrations (`Type`, `Uri`, `ConnectionType`,
//! `ConnectionId`; the resource type has no `TlsConfig`, so insecureSkipVerification comes
//! only from an OpenAPI body), the inline OpenAPI `Body` of
//! `AWS::ApiGateway::RestApi` / `AWS::ApiGatewayV2::Api` (and an HTTP API's quick-create
//! `Target`), `AWS::ApiGatewayV2::Integration`, the `DefinitionBody` of `AWS::Serverless::Api`
//! / `AWS::Serverless::HttpApi`, and the VPC links and ELBv2 load balancers, listeners and
//! target groups behind private integrations.
//!
//! Intrinsic functions are evaluated the way CloudFormation would with what is known before
//! deploy: `--param` values, then parameter defaults, `Fn::Sub`, `Fn::Join`, `Fn::Select`,
//! `Fn::Split`, `Fn::If` over `Conditions`, `Fn::FindInMap`. Physical ids, attributes, pseudo
//! parameters and `Fn::ImportValue` exports exist only once deployed: they are known only when
//! given with `--param` (`Nlb.DNSName=...`, `AWS::Region=...`, `shared-export=...`), and
//! otherwise stay [`Unresolved`] — never guessed.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::openapi;
use super::{
    case_of, line_of_key, load_balancer_dns_name, openapi_cases, ApiKind, Backend, CasePlan,
    Listener, LoadBalancer, Location, ScanCase, ScanError, ScanOptions, TargetGroup, Unresolved,
    MAX_DEPTH,
};

const LOAD_BALANCER: &str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
const LISTENER: &str = "AWS::ElasticLoadBalancingV2::Listener";
const TARGET_GROUP: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";

/// Reads the integrations of a parsed template (`doc`, from `text` at `path`).
pub fn read(
    path: &Path,
    text: &str,
    doc: &Value,
    options: &ScanOptions,
) -> Result<Vec<ScanCase>, ScanError> {
    let empty = Map::new();
    let section = |k: &str| doc.get(k).and_then(Value::as_object).unwrap_or(&empty);
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
        return Err(ScanError::invalid(
            path,
            "a template needs a Resources section (an object)",
        ));
    };
    let t = Template {
        path,
        text,
        resources,
        parameters: section("Parameters"),
        conditions: section("Conditions"),
        mappings: section("Mappings"),
        params: &options.params,
        resources_line: line_of_key(text, "Resources", 1).unwrap_or(1),
        steps: Cell::new(0),
    };
    t.check_cycles()?;
    let mut cases = Vec::new();
    for (id, res) in resources {
        let ty = res.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = res.get("Properties").unwrap_or(&Value::Null);
        let loc = t.location(id, ty, res);
        match ty {
            "AWS::ApiGateway::Method" => cases.extend(t.method(props, loc, options)?),
            "AWS::ApiGateway::RestApi" => cases.extend(t.body(
                props,
                "Body",
                "BodyS3Location",
                ApiKind::RestApi,
                loc,
                options,
            )?),
            "AWS::Serverless::Api" => cases.extend(t.body(
                props,
                "DefinitionBody",
                "DefinitionUri",
                ApiKind::RestApi,
                loc,
                options,
            )?),
            "AWS::Serverless::HttpApi" => cases.extend(t.body(
                props,
                "DefinitionBody",
                "DefinitionUri",
                ApiKind::HttpApi,
                loc,
                options,
            )?),
            "AWS::ApiGatewayV2::Api" => {
                if let Some(target) = props.get("Target") {
                    // Quick create: the API's one integration is an HTTP_PROXY to `Target`.
                    cases.push(super::quick_create_case(
                        t.resolve(target, 0)?,
                        loc.clone(),
                        options,
                    ));
                }
                cases.extend(t.body(
                    props,
                    "Body",
                    "BodyS3Location",
                    ApiKind::HttpApi,
                    loc,
                    options,
                )?)
            }
            "AWS::ApiGatewayV2::Integration" => {
                cases.extend(t.v2_integration(id, props, loc, options)?)
            }
            _ => {}
        }
    }
    Ok(cases)
}

/// A value that is text, or the marker of an unresolved one.
type Text = Result<String, Value>;

struct Template<'a> {
    path: &'a Path,
    text: &'a str,
    resources: &'a Map<String, Value>,
    parameters: &'a Map<String, Value>,
    conditions: &'a Map<String, Value>,
    mappings: &'a Map<String, Value>,
    params: &'a BTreeMap<String, String>,
    resources_line: usize,
    /// Evaluation steps taken: conditions may share sub-conditions, so a small template could
    /// otherwise make the evaluation exponential.
    steps: Cell<usize>,
}

/// Most evaluation steps for one template.
const MAX_STEPS: usize = 1_000_000;

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An expression as a reader would write it, for messages.
fn expression(v: &Value) -> String {
    match v.as_object().and_then(|m| m.iter().next()) {
        Some((k, Value::String(s))) if k == "Ref" => format!("Ref {s}"),
        Some((k, Value::Array(a))) if k == "Fn::GetAtt" => format!(
            "Fn::GetAtt {}",
            a.iter()
                .map(|x| scalar(x).unwrap_or_else(|| x.to_string()))
                .collect::<Vec<_>>()
                .join(".")
        ),
        Some((k, arg)) => format!("{k} {arg}"),
        None => v.to_string(),
    }
}

fn unresolved(expression: String, reason: String, fix: Option<String>) -> Value {
    Unresolved {
        expression,
        reason,
        fix,
        load_balancer: None,
    }
    .to_value()
}

/// `{"Ref": "X"}` → X.
fn ref_name(v: &Value) -> Option<&str> {
    v.get("Ref").and_then(Value::as_str)
}

impl Template<'_> {
    fn invalid(&self, error: impl Into<String>) -> ScanError {
        ScanError::invalid(self.path, error)
    }

    fn step(&self) -> Result<(), ScanError> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MAX_STEPS {
            return Err(self.invalid(format!(
                "evaluating the template's functions takes more than {MAX_STEPS} steps"
            )));
        }
        Ok(())
    }

    fn location(&self, id: &str, ty: &str, res: &Value) -> Location {
        Location {
            file: self.path.to_path_buf(),
            resource: Some(id.to_string()),
            resource_type: Some(ty.to_string()),
            cdk_path: res
                .pointer("/Metadata/aws:cdk:path")
                .and_then(Value::as_str)
                .map(str::to_string),
            line: line_of_key(self.text, id, self.resources_line),
        }
    }

    fn resource_type(&self, id: &str) -> Option<&str> {
        self.resources
            .get(id)
            .and_then(|r| r.get("Type"))
            .and_then(Value::as_str)
    }

    fn props(&self, id: &str) -> &Value {
        self.resources
            .get(id)
            .and_then(|r| r.get("Properties"))
            .unwrap_or(&Value::Null)
    }

    // -- resolution

    /// Evaluates the intrinsic functions in `v`. Unresolvable values become [`Unresolved`]
    /// markers; `Err` is a template CloudFormation itself would refuse.
    fn resolve(&self, v: &Value, depth: usize) -> Result<Value, ScanError> {
        self.step()?;
        if depth > MAX_DEPTH {
            return Err(self.invalid(format!(
                "intrinsic functions nested deeper than {MAX_DEPTH}"
            )));
        }
        match v {
            Value::Object(m) if m.len() == 1 => {
                let Some((k, arg)) = m.iter().next() else {
                    return Ok(v.clone());
                };
                match k.as_str() {
                    "Ref" => self.reference(arg),
                    "Fn::GetAtt" => self.get_att(arg, depth),
                    "Fn::Sub" => self.sub(arg, depth),
                    "Fn::Join" => self.join(arg, depth),
                    "Fn::Select" => self.select(arg, depth),
                    "Fn::Split" => self.split(arg, depth),
                    "Fn::If" => self.if_(arg, depth),
                    "Fn::ImportValue" => self.import_value(arg, depth),
                    "Fn::FindInMap" => self.find_in_map(arg, depth),
                    f if f.starts_with("Fn::") => Ok(unresolved(
                        expression(v),
                        format!("apigw-tls does not evaluate {f}"),
                        None,
                    )),
                    _ => self.resolve_object(m, depth),
                }
            }
            Value::Object(m) => self.resolve_object(m, depth),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    let r = self.resolve(i, depth + 1)?;
                    // AWS::NoValue removes the element.
                    if !r.is_null() {
                        out.push(r);
                    }
                }
                Ok(Value::Array(out))
            }
            other => Ok(other.clone()),
        }
    }

    fn resolve_object(&self, m: &Map<String, Value>, depth: usize) -> Result<Value, ScanError> {
        let mut out = Map::new();
        for (k, v) in m {
            let r = self.resolve(v, depth + 1)?;
            // AWS::NoValue removes the property.
            if !r.is_null() {
                out.insert(k.clone(), r);
            }
        }
        Ok(Value::Object(out))
    }

    /// Resolves `v` to text, or to the marker of what is missing.
    fn text(&self, v: &Value, depth: usize, what: &str) -> Result<Text, ScanError> {
        let r = self.resolve(v, depth + 1)?;
        if Unresolved::from_value(&r).is_some() {
            return Ok(Err(r));
        }
        scalar(&r)
            .map(Ok)
            .ok_or_else(|| self.invalid(format!("{what} must be a string, found {r}")))
    }

    fn args<'v>(&self, f: &str, arg: &'v Value, n: usize) -> Result<&'v [Value], ScanError> {
        match arg.as_array() {
            Some(a) if a.len() == n => Ok(a.as_slice()),
            _ => Err(self.invalid(format!("{f} takes a list of {n} arguments, found {arg}"))),
        }
    }

    fn param_value(&self, name: &str, value: String) -> Value {
        let ty = self
            .parameters
            .get(name)
            .and_then(|p| p.get("Type"))
            .and_then(Value::as_str)
            .unwrap_or("String");
        if ty == "CommaDelimitedList" || ty.starts_with("List<") {
            Value::Array(
                value
                    .split(',')
                    .map(|s| Value::String(s.trim().to_string()))
                    .collect(),
            )
        } else {
            Value::String(value)
        }
    }

    fn reference(&self, arg: &Value) -> Result<Value, ScanError> {
        let Some(name) = arg.as_str() else {
            return Err(self.invalid(format!("Ref takes a name, found {arg}")));
        };
        let expr = format!("Ref {name}");
        if name == "AWS::NoValue" {
            return Ok(Value::Null);
        }
        if let Some(v) = self.params.get(name) {
            return Ok(self.param_value(name, v.clone()));
        }
        if let Some(p) = self.parameters.get(name) {
            return Ok(match p.get("Default").and_then(scalar) {
                Some(d) => self.param_value(name, d),
                None => unresolved(
                    expr,
                    format!("parameter {name} has no default"),
                    Some(format!("give it with --param {name}=VALUE")),
                ),
            });
        }
        if name.starts_with("AWS::") {
            return Ok(unresolved(
                expr,
                format!("{name} is a pseudo parameter, known when the stack is deployed"),
                Some(format!("give it with --param {name}=VALUE")),
            ));
        }
        if let Some(ty) = self.resource_type(name) {
            return Ok(unresolved(
                expr,
                format!("the physical id of {name} ({ty}) exists only once deployed"),
                Some(format!("give it with --param {name}=VALUE")),
            ));
        }
        Ok(unresolved(
            expr,
            format!("{name} is neither a parameter nor a resource of this template"),
            None,
        ))
    }

    fn get_att(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let (id, attr) = match arg {
            Value::String(s) => match s.split_once('.') {
                Some((a, b)) => (a.to_string(), Ok(b.to_string())),
                None => {
                    return Err(self.invalid(format!("Fn::GetAtt {s:?}: expected ID.ATTRIBUTE")))
                }
            },
            Value::Array(a) if a.len() == 2 => (
                scalar(&a[0]).ok_or_else(|| self.invalid(format!("Fn::GetAtt {arg}")))?,
                self.text(&a[1], depth, "the Fn::GetAtt attribute")?,
            ),
            _ => return Err(self.invalid(format!("Fn::GetAtt {arg}: expected [ID, ATTRIBUTE]"))),
        };
        let attr = match attr {
            Ok(a) => a,
            Err(marker) => return Ok(marker),
        };
        let key = format!("{id}.{attr}");
        let expr = format!("Fn::GetAtt {key}");
        if let Some(v) = self.params.get(&key) {
            return Ok(Value::String(v.clone()));
        }
        let Some(ty) = self.resource_type(&id) else {
            return Ok(unresolved(
                expr,
                format!("{id} is not a resource of this template"),
                None,
            ));
        };
        if ty == LOAD_BALANCER && attr == "DNSName" {
            return Ok(load_balancer_dns_name(
                expr,
                &id,
                Some(format!("give the name with --param {key}=NAME")),
            )
            .to_value());
        }
        Ok(unresolved(
            expr,
            format!("attribute {attr} of {id} ({ty}) exists only once deployed"),
            Some(format!("give it with --param {key}=VALUE")),
        ))
    }

    fn sub(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let empty = Map::new();
        let (template, vars) = match arg {
            Value::String(s) => (s.as_str(), &empty),
            Value::Array(a) if a.len() == 2 => (
                a[0].as_str().ok_or_else(|| {
                    self.invalid(format!(
                        "Fn::Sub {arg}: the first argument must be a string"
                    ))
                })?,
                a[1].as_object().ok_or_else(|| {
                    self.invalid(format!("Fn::Sub {arg}: the second argument must be a map"))
                })?,
            ),
            _ => {
                return Err(
                    self.invalid(format!("Fn::Sub {arg}: expected a string or [STRING, MAP]"))
                )
            }
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                // `${!Literal}` writes `${Literal}`.
                out.push_str(&format!("${{{literal}}}"));
                continue;
            }
            if name.starts_with("stageVariables.") {
                // API Gateway's own variable, left for the stage (CloudFormation would demand
                // `${!stageVariables.x}`; both read the same here).
                out.push_str(&format!("${{{name}}}"));
                continue;
            }
            let value = match vars.get(name) {
                Some(v) => self.text(v, depth, "an Fn::Sub variable")?,
                None => {
                    let reference = match name.split_once('.') {
                        Some((id, attr)) => serde_json::json!({ "Fn::GetAtt": [id, attr] }),
                        None => serde_json::json!({ "Ref": name }),
                    };
                    self.text(&reference, depth, "an Fn::Sub variable")?
                }
            };
            match value {
                Ok(s) => out.push_str(&s),
                Err(marker) => return Ok(marker),
            }
        }
        out.push_str(rest);
        Ok(Value::String(out))
    }

    fn list(
        &self,
        v: &Value,
        depth: usize,
        f: &str,
    ) -> Result<Result<Vec<Value>, Value>, ScanError> {
        let r = self.resolve(v, depth + 1)?;
        if Unresolved::from_value(&r).is_some() {
            return Ok(Err(r));
        }
        match r {
            Value::Array(a) => Ok(Ok(a)),
            other => Err(self.invalid(format!("{f} needs a list, found {other}"))),
        }
    }

    fn join(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let a = self.args("Fn::Join", arg, 2)?;
        let delimiter = scalar(&a[0])
            .ok_or_else(|| self.invalid("Fn::Join: the delimiter must be a string"))?;
        let items = match self.list(&a[1], depth, "Fn::Join")? {
            Ok(items) => items,
            Err(marker) => return Ok(marker),
        };
        let mut parts = Vec::with_capacity(items.len());
        for i in &items {
            if Unresolved::from_value(i).is_some() {
                return Ok(i.clone());
            }
            parts.push(
                scalar(i).ok_or_else(|| self.invalid(format!("Fn::Join: {i} is not a string")))?,
            );
        }
        Ok(Value::String(parts.join(&delimiter)))
    }

    fn select(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let a = self.args("Fn::Select", arg, 2)?;
        let index = match self.text(&a[0], depth, "the Fn::Select index")? {
            Ok(i) => i,
            Err(marker) => return Ok(marker),
        };
        let index: usize = index
            .parse()
            .map_err(|_| self.invalid(format!("Fn::Select: index {index:?} is not a number")))?;
        match self.list(&a[1], depth, "Fn::Select")? {
            Ok(items) => items.get(index).cloned().ok_or_else(|| {
                self.invalid(format!(
                    "Fn::Select: index {index} is out of a list of {}",
                    items.len()
                ))
            }),
            Err(marker) => Ok(marker),
        }
    }

    fn split(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let a = self.args("Fn::Split", arg, 2)?;
        let delimiter = scalar(&a[0])
            .ok_or_else(|| self.invalid("Fn::Split: the delimiter must be a string"))?;
        match self.text(&a[1], depth, "the Fn::Split source")? {
            Ok(s) => Ok(Value::Array(
                s.split(delimiter.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            )),
            Err(marker) => Ok(marker),
        }
    }

    fn if_(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let a = self.args("Fn::If", arg, 3)?;
        let name = a[0]
            .as_str()
            .ok_or_else(|| self.invalid("Fn::If: the condition must be a name"))?;
        match self.condition(name, &mut Vec::new(), depth)? {
            Ok(true) => self.resolve(&a[1], depth + 1),
            Ok(false) => self.resolve(&a[2], depth + 1),
            Err(marker) => Ok(marker),
        }
    }

    /// A named condition; `stack` holds the conditions being evaluated (a cycle is an error,
    /// as CloudFormation reports it).
    fn condition(
        &self,
        name: &str,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Result<bool, Value>, ScanError> {
        if stack.iter().any(|s| s == name) {
            stack.push(name.to_string());
            return Err(self.invalid(format!("circular condition: {}", stack.join(" → "))));
        }
        let Some(expr) = self.conditions.get(name) else {
            return Err(self.invalid(format!("condition {name} is not defined in Conditions")));
        };
        stack.push(name.to_string());
        let r = self.condition_expr(expr, stack, depth + 1);
        stack.pop();
        r
    }

    fn condition_expr(
        &self,
        expr: &Value,
        stack: &mut Vec<String>,
        depth: usize,
    ) -> Result<Result<bool, Value>, ScanError> {
        self.step()?;
        if depth > MAX_DEPTH {
            return Err(self.invalid(format!("conditions nested deeper than {MAX_DEPTH}")));
        }
        let Some((f, arg)) = expr
            .as_object()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
        else {
            return Err(self.invalid(format!("not a condition: {expr}")));
        };
        match f.as_str() {
            "Condition" => {
                let name = arg
                    .as_str()
                    .ok_or_else(|| self.invalid(format!("Condition takes a name, found {arg}")))?;
                self.condition(name, stack, depth)
            }
            "Fn::Equals" => {
                let a = self.args("Fn::Equals", arg, 2)?;
                let x = self.resolve(&a[0], depth + 1)?;
                let y = self.resolve(&a[1], depth + 1)?;
                for v in [&x, &y] {
                    if Unresolved::from_value(v).is_some() {
                        return Ok(Err(v.clone()));
                    }
                }
                Ok(Ok(scalar(&x).unwrap_or_else(|| x.to_string())
                    == scalar(&y).unwrap_or_else(|| y.to_string())))
            }
            "Fn::Not" => {
                let a = self.args("Fn::Not", arg, 1)?;
                Ok(self.condition_expr(&a[0], stack, depth + 1)?.map(|b| !b))
            }
            "Fn::And" | "Fn::Or" => {
                let items = arg
                    .as_array()
                    .ok_or_else(|| self.invalid(format!("{f} takes a list")))?;
                let mut values = Vec::new();
                for i in items {
                    match self.condition_expr(i, stack, depth + 1)? {
                        Ok(b) => values.push(b),
                        Err(marker) => return Ok(Err(marker)),
                    }
                }
                Ok(Ok(if f == "Fn::And" {
                    values.iter().all(|b| *b)
                } else {
                    values.iter().any(|b| *b)
                }))
            }
            _ => Err(self.invalid(format!("{f} is not a condition function"))),
        }
    }

    fn import_value(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let name = match self.text(arg, depth, "the Fn::ImportValue name")? {
            Ok(n) => n,
            Err(marker) => return Ok(marker),
        };
        Ok(match self.params.get(&name) {
            Some(v) => Value::String(v.clone()),
            None => unresolved(
                format!("Fn::ImportValue {name}"),
                format!("{name} is an export of another stack"),
                Some(format!("give it with --param {name}=VALUE")),
            ),
        })
    }

    fn find_in_map(&self, arg: &Value, depth: usize) -> Result<Value, ScanError> {
        let a = self.args("Fn::FindInMap", arg, 3)?;
        let mut keys = Vec::new();
        for k in a {
            match self.text(k, depth, "an Fn::FindInMap key")? {
                Ok(k) => keys.push(k),
                Err(marker) => return Ok(marker),
            }
        }
        self.mappings
            .get(&keys[0])
            .and_then(|m| m.get(&keys[1]))
            .and_then(|m| m.get(&keys[2]))
            .cloned()
            .ok_or_else(|| {
                self.invalid(format!(
                    "Fn::FindInMap: no {}/{}/{} in Mappings",
                    keys[0], keys[1], keys[2]
                ))
            })
    }

    // -- the dependency graph

    /// Refuses a circular dependency between resources, as CloudFormation does before it
    /// deploys anything (`Circular dependency between resources`).
    fn check_cycles(&self) -> Result<(), ScanError> {
        let deps: BTreeMap<&str, Vec<String>> = self
            .resources
            .iter()
            .map(|(id, r)| {
                let mut out = Vec::new();
                self.collect_refs(r.get("Properties").unwrap_or(&Value::Null), &mut out, 0);
                match r.get("DependsOn") {
                    Some(Value::String(s)) => out.push(s.clone()),
                    Some(Value::Array(a)) => out.extend(a.iter().filter_map(scalar)),
                    _ => {}
                }
                out.retain(|d| self.resources.contains_key(d));
                (id.as_str(), out)
            })
            .collect();
        // Iterative depth-first search with colours; the stack is the current path.
        #[derive(Clone, Copy, PartialEq)]
        enum Colour {
            White,
            Grey,
            Black,
        }
        let mut colour: BTreeMap<&str, Colour> = deps.keys().map(|k| (*k, Colour::White)).collect();
        for start in deps.keys() {
            if colour.get(start) != Some(&Colour::White) {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
            colour.insert(start, Colour::Grey);
            while let Some((node, i)) = stack.last().copied() {
                let next = deps.get(node).and_then(|d| d.get(i));
                match next {
                    Some(n) => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += 1;
                        }
                        let n = n.as_str();
                        match colour.get(n).copied() {
                            Some(Colour::White) => {
                                colour.insert(n, Colour::Grey);
                                stack.push((n, 0));
                            }
                            Some(Colour::Grey) => {
                                let from = stack.iter().position(|(s, _)| *s == n).unwrap_or(0);
                                let mut path: Vec<&str> =
                                    stack[from..].iter().map(|(s, _)| *s).collect();
                                path.push(n);
                                return Err(self.invalid(format!(
                                    "circular dependency between resources: {}",
                                    path.join(" → ")
                                )));
                            }
                            _ => {}
                        }
                    }
                    None => {
                        colour.insert(node, Colour::Black);
                        stack.pop();
                    }
                }
            }
        }
        Ok(())
    }

    /// Every resource-looking name `v` refers to (Ref, Fn::GetAtt, Fn::Sub variables).
    fn collect_refs(&self, v: &Value, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, arg) in m {
                    match (k.as_str(), arg) {
                        ("Ref", Value::String(s)) => out.push(s.clone()),
                        ("Fn::GetAtt", Value::Array(a)) => out.extend(a.first().and_then(scalar)),
                        ("Fn::GetAtt", Value::String(s)) => {
                            out.push(s.split('.').next().unwrap_or_default().to_string())
                        }
                        ("Fn::Sub", sub) => {
                            let template = match sub {
                                Value::Array(a) => a.first().and_then(Value::as_str),
                                other => other.as_str(),
                            };
                            let mut rest = template.unwrap_or_default();
                            while let Some(start) = rest.find("${") {
                                let after = &rest[start + 2..];
                                let end = after.find('}').unwrap_or(after.len());
                                let name = &after[..end];
                                if !name.starts_with('!') {
                                    out.push(
                                        name.split('.').next().unwrap_or_default().to_string(),
                                    );
                                }
                                rest = after.get(end..).unwrap_or_default();
                            }
                        }
                        _ => {}
                    }
                    self.collect_refs(arg, out, depth + 1);
                }
            }
            Value::Array(a) => a.iter().for_each(|i| self.collect_refs(i, out, depth + 1)),
            _ => {}
        }
    }

    // -- readers

    /// `AWS::ApiGateway::Method`: its `Integration`, in the OpenAPI extension's shape.
    /// CloudFormation's `Integration` has no `TlsConfig`: a REST API sets
    /// insecureSkipVerification only through an OpenAPI `Body` (read by [`Template::body`]).
    fn method(
        &self,
        props: &Value,
        loc: Location,
        options: &ScanOptions,
    ) -> Result<Vec<ScanCase>, ScanError> {
        let Some(integration) = props.get("Integration") else {
            return Ok(vec![]);
        };
        let r = self.resolve(integration, 0)?;
        let mut shape = Map::new();
        for (from, to) in [
            ("Type", "type"),
            ("Uri", "uri"),
            ("ConnectionType", "connectionType"),
        ] {
            if let Some(v) = r.get(from) {
                shape.insert(to.into(), v.clone());
            }
        }
        let planned = openapi::plan_integration(
            &Value::Object(shape),
            ApiKind::RestApi,
            &options.stage_vars,
            &options.template,
        );
        let method = match self.text(
            props.get("HttpMethod").unwrap_or(&Value::Null),
            0,
            "HttpMethod",
        ) {
            Ok(Ok(m)) => m.to_ascii_uppercase(),
            _ => "?".into(),
        };
        let route = format!(
            "{method} {}",
            self.resource_path(props.get("ResourceId"), 0)
        );
        let backend = integration
            .get("ConnectionId")
            .and_then(|c| self.vpc_link_backend(c));
        Ok(vec![case_of(
            planned,
            loc,
            ApiKind::RestApi,
            vec![route],
            backend,
        )])
    }

    /// The path of an `AWS::ApiGateway::Resource`, following `ParentId` up to the API's root.
    fn resource_path(&self, id: Option<&Value>, depth: usize) -> String {
        let Some(name) = id.and_then(ref_name).filter(|_| depth < MAX_DEPTH) else {
            // `Fn::GetAtt Api.RootResourceId`, or an id from elsewhere: the root.
            return "/".into();
        };
        if self.resource_type(name) != Some("AWS::ApiGateway::Resource") {
            return "/".into();
        }
        let props = self.props(name);
        let part = match props.get("PathPart").map(|p| self.text(p, 0, "PathPart")) {
            Some(Ok(Ok(p))) => p,
            _ => "?".into(),
        };
        let parent = self.resource_path(props.get("ParentId"), depth + 1);
        format!("{}/{part}", parent.trim_end_matches('/'))
    }

    /// The VPC link a `ConnectionId` names, and the load balancer it targets.
    fn vpc_link_backend(&self, connection_id: &Value) -> Option<Backend> {
        let link = ref_name(connection_id).filter(|n| self.resources.contains_key(*n))?;
        let load_balancer = match self.resource_type(link) {
            Some("AWS::ApiGateway::VpcLink") => self
                .props(link)
                .get("TargetArns")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(ref_name)
                .and_then(|lb| self.load_balancer(lb)),
            _ => None,
        };
        Some(Backend {
            vpc_link: Some(link.to_string()),
            load_balancer,
        })
    }

    fn port(&self, v: Option<&Value>) -> Option<u16> {
        match self.text(v?, 0, "a port") {
            Ok(Ok(p)) => p.parse().ok(),
            _ => None,
        }
    }

    fn word(&self, v: Option<&Value>) -> Option<String> {
        match self.text(v?, 0, "a setting") {
            Ok(Ok(s)) => Some(s),
            _ => None,
        }
    }

    /// An ELBv2 load balancer of the template with its listeners and their target groups.
    fn load_balancer(&self, id: &str) -> Option<LoadBalancer> {
        if self.resource_type(id) != Some(LOAD_BALANCER) {
            return None;
        }
        let listeners = self
            .resources
            .iter()
            .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(LISTENER))
            .filter(|(_, r)| {
                r.pointer("/Properties/LoadBalancerArn").and_then(ref_name) == Some(id)
            })
            .map(|(lid, _)| self.listener(lid))
            .collect();
        Some(LoadBalancer {
            id: id.to_string(),
            kind: self
                .word(self.props(id).get("Type"))
                .or_else(|| Some("application".into())),
            dns_name: self.params.get(&format!("{id}.DNSName")).cloned(),
            listeners,
        })
    }

    fn listener(&self, id: &str) -> Listener {
        let props = self.props(id);
        let action = props
            .get("DefaultActions")
            .and_then(Value::as_array)
            .and_then(|a| a.first());
        let tg = action
            .and_then(|a| {
                a.get("TargetGroupArn")
                    .or_else(|| a.pointer("/ForwardConfig/TargetGroups/0/TargetGroupArn"))
            })
            .and_then(ref_name)
            .filter(|t| self.resource_type(t) == Some(TARGET_GROUP))
            .map(|t| {
                let p = self.props(t);
                TargetGroup {
                    id: t.to_string(),
                    port: self.port(p.get("Port")),
                    protocol: self.word(p.get("Protocol")),
                }
            });
        Listener {
            id: id.to_string(),
            port: self.port(props.get("Port")),
            protocol: self.word(props.get("Protocol")),
            target_group: tg,
        }
    }

    /// `AWS::ApiGatewayV2::Integration`. A private integration names a listener: the URL is
    /// the listener's load balancer's DNS name and port (known only when given), and API
    /// Gateway uses TLS only when the integration has a `TlsConfig`.
    fn v2_integration(
        &self,
        id: &str,
        props: &Value,
        loc: Location,
        options: &ScanOptions,
    ) -> Result<Vec<ScanCase>, ScanError> {
        let r = self.resolve(props, 0)?;
        let tls = r.get("TlsConfig");
        let server_name = tls.and_then(|t| t.get("ServerNameToVerify"));
        let mut backend = None;
        let raw_uri = props.get("IntegrationUri");
        let listener = raw_uri
            .and_then(ref_name)
            .filter(|l| self.resource_type(l) == Some(LISTENER));
        let uri = match listener {
            Some(l) => {
                let lp = self.props(l);
                let lb = lp.get("LoadBalancerArn").and_then(ref_name);
                backend = Some(Backend {
                    vpc_link: props
                        .get("ConnectionId")
                        .and_then(ref_name)
                        .map(str::to_string),
                    load_balancer: lb.and_then(|lb| self.load_balancer(lb)),
                });
                let port = self.port(lp.get("Port"));
                let scheme = if tls.is_some() { "https" } else { "http" };
                let authority = |host: &str| match port {
                    Some(p) if p != 443 => format!("{host}:{p}"),
                    _ => host.to_string(),
                };
                let dns = match lb {
                    Some(lb) => self.text(
                        &serde_json::json!({"Fn::GetAtt": [lb, "DNSName"]}),
                        0,
                        "DNSName",
                    )?,
                    None => Err(unresolved(
                        format!("{l}.LoadBalancerArn"),
                        format!("listener {l} does not name a load balancer of this template"),
                        None,
                    )),
                };
                match (dns, server_name.and_then(scalar)) {
                    (Ok(host), _) => Value::String(format!("{scheme}://{}/", authority(&host))),
                    // With serverNameToVerify the verdict depends on that name only (SNI and
                    // the hostname check); where the handshake goes is the load balancer.
                    (Err(_), Some(name)) => {
                        Value::String(format!("{scheme}://{}/", authority(&name)))
                    }
                    (Err(marker), None) => marker,
                }
            }
            None => r.get("IntegrationUri").cloned().unwrap_or(Value::Null),
        };
        let mut shape = Map::new();
        if let Some(t) = r.get("IntegrationType") {
            shape.insert("type".into(), t.clone());
        }
        shape.insert("uri".into(), uri);
        if let Some(c) = r.get("ConnectionType") {
            shape.insert("connectionType".into(), c.clone());
        }
        if tls.is_some() {
            let mut tc = Map::new();
            if let Some(n) = server_name {
                tc.insert("serverNameToVerify".into(), n.clone());
            }
            shape.insert("tlsConfig".into(), Value::Object(tc));
        }
        let planned = openapi::plan_integration(
            &Value::Object(shape),
            ApiKind::HttpApi,
            &options.stage_vars,
            &options.template,
        );
        Ok(vec![case_of(
            planned,
            loc,
            ApiKind::HttpApi,
            self.v2_routes(id),
            backend,
        )])
    }

    /// The route keys of the `AWS::ApiGatewayV2::Route`s whose `Target` is this integration.
    fn v2_routes(&self, integration: &str) -> Vec<String> {
        let by_ref = format!("{{\"Ref\":\"{integration}\"}}");
        let by_sub = format!("${{{integration}}}");
        self.resources
            .values()
            .filter(|r| r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGatewayV2::Route"))
            .filter_map(|r| r.get("Properties"))
            .filter(|p| {
                let target = p.get("Target").map(Value::to_string).unwrap_or_default();
                target.contains(&by_ref) || target.contains(&by_sub)
            })
            .filter_map(|p| self.word(p.get("RouteKey")))
            .collect()
    }

    /// An inline OpenAPI definition (`Body`, `DefinitionBody`), read by the OpenAPI reader
    /// once its intrinsic functions are evaluated.
    fn body(
        &self,
        props: &Value,
        key: &str,
        external_key: &str,
        kind: ApiKind,
        loc: Location,
        options: &ScanOptions,
    ) -> Result<Vec<ScanCase>, ScanError> {
        let skipped = |why: String| ScanCase {
            location: loc.clone(),
            api_kind: kind,
            routes: vec![],
            uri: None,
            plan: CasePlan::Skipped(why),
            backend: None,
        };
        let Some(body) = props.get(key) else {
            if props.get(external_key).is_some() {
                return Ok(vec![skipped(format!(
                    "the definition is in a separate file ({external_key}): scan that file"
                ))]);
            }
            return Ok(vec![]);
        };
        if body.get("Fn::Transform").is_some() {
            // `AWS::Include` of a definition kept in S3: like `DefinitionUri`, another file.
            return Ok(vec![skipped(format!(
                "the definition is included from another file (Fn::Transform in {key}): scan that file"
            ))]);
        }
        let resolved = self.resolve(body, 0)?;
        if let Some(u) = Unresolved::from_value(&resolved) {
            return Ok(vec![ScanCase {
                plan: CasePlan::Unresolved(u),
                ..skipped(String::new())
            }]);
        }
        match openapi::plan_document(
            &resolved,
            Some(kind),
            &options.stage_vars,
            &options.template,
        ) {
            Ok(plan) => Ok(openapi_cases(&plan, &loc, self.text)),
            Err(ScanError::NotOpenApi) => Ok(vec![skipped(format!(
                "{key} is not an OpenAPI 3 or Swagger 2 document"
            ))]),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Integration;
    use crate::probe::scan::parse_document;

    fn scan(text: &str, params: &[(&str, &str)]) -> Result<Vec<ScanCase>, ScanError> {
        let doc = parse_document(text)?;
        let options = ScanOptions {
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ScanOptions::default()
        };
        read(Path::new("t.yaml"), text, &doc, &options)
    }

    const TEMPLATE: &str = r#"
Parameters:
  Domain: { Type: String, Default: internal.example.com }
  Env: { Type: String, Default: prod, AllowedValues: [prod, dev] }
  NoDefault: { Type: String }
  Hosts: { Type: CommaDelimitedList, Default: "a.example.com, b.example.com" }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Mappings:
  Ports: { prod: { https: "8443" } }
Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: x } }
  Pets: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets } }
  One: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !Ref Pets, PathPart: "{id}" } }
  Sub:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: get
      ResourceId: !Ref One
      RestApiId: !Ref Api
      Integration:
        Type: HTTP_PROXY
        Uri: !Sub "https://api.${Domain}:${Port}/${!stageVariables.x}"
        IntegrationHttpMethod: GET
  Join:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Pets
      RestApiId: !Ref Api
      Integration:
        Type: HTTP
        Uri: !Join ["", ["https://", !Select [1, !Ref Hosts], !If [NotProd, "/dev", "/prod"]]]
  Missing:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Pets
      RestApiId: !Ref Api
      Integration: { Type: HTTP_PROXY, Uri: !Sub "https://${NoDefault}/" }
  Import:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Pets
      RestApiId: !Ref Api
      Integration: { Type: HTTP_PROXY, Uri: !Sub ["https://${H}/", { H: !ImportValue shared-host }] }
  Lambda:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      ResourceId: !Ref Pets
      RestApiId: !Ref Api
      Integration: { Type: AWS_PROXY, Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/x" }
"#;

    fn plan_of<'a>(cases: &'a [ScanCase], id: &str) -> &'a ScanCase {
        cases
            .iter()
            .find(|c| c.location.resource.as_deref() == Some(id))
            .unwrap()
    }

    #[test]
    fn intrinsics_parameters_and_conditions() {
        let cases = scan(TEMPLATE, &[]).unwrap();
        // `${Port}` is neither a parameter nor a resource: unresolved, not guessed.
        let sub = plan_of(&cases, "Sub");
        assert!(
            matches!(&sub.plan, CasePlan::Unresolved(u) if u.expression == "Ref Port" && u.reason.contains("neither")),
            "{:?}",
            sub.plan
        );
        assert_eq!(sub.routes, vec!["GET /pets/{id}"]);
        // Given, the next missing value is the stage variable the literal `${!...}` left.
        let given = scan(TEMPLATE, &[("Port", "8443")]).unwrap();
        assert!(
            matches!(&plan_of(&given, "Sub").plan, CasePlan::Unresolved(u) if u.expression == "${stageVariables.x}")
        );

        let join = plan_of(&cases, "Join");
        match &join.plan {
            CasePlan::Check(r) => {
                assert_eq!(r.url, "https://b.example.com/prod");
                assert!(!r.skip_verification);
                assert_eq!(r.integration, Some(Integration::RestHttp));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            join.location.line,
            Some(line_of_key(TEMPLATE, "Join", 1).unwrap())
        );

        let missing = plan_of(&cases, "Missing");
        assert!(
            matches!(&missing.plan, CasePlan::Unresolved(u) if u.fix.as_deref() == Some("give it with --param NoDefault=VALUE"))
        );
        let import = plan_of(&cases, "Import");
        assert!(
            matches!(&import.plan, CasePlan::Unresolved(u) if u.expression == "Fn::ImportValue shared-host")
        );
        assert!(
            matches!(&plan_of(&cases, "Lambda").plan, CasePlan::Skipped(why) if why.contains("aws_proxy"))
        );

        // Given values win over defaults; exports and conditions follow.
        let cases = scan(
            TEMPLATE,
            &[
                ("Env", "dev"),
                ("NoDefault", "x.example.com"),
                ("shared-host", "s.example.com"),
            ],
        )
        .unwrap();
        assert!(
            matches!(&plan_of(&cases, "Join").plan, CasePlan::Check(r) if r.url == "https://b.example.com/dev")
        );
        assert!(
            matches!(&plan_of(&cases, "Missing").plan, CasePlan::Check(r) if r.url == "https://x.example.com/")
        );
        assert!(
            matches!(&plan_of(&cases, "Import").plan, CasePlan::Check(r) if r.url == "https://s.example.com/")
        );
    }

    #[test]
    fn find_in_map_and_sub_with_stage_variables() {
        let t = "Resources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Integration:\n        Type: HTTP\n        Uri: !Sub\n          - 'https://${H}:${P}/${stageVariables.v}'\n          - { H: a.example.com, P: !FindInMap [Ports, prod, https] }\nMappings:\n  Ports: { prod: { https: '8443' } }\n";
        let doc = parse_document(t).unwrap();
        let options = ScanOptions {
            stage_vars: [("v".to_string(), "x".to_string())].into(),
            ..ScanOptions::default()
        };
        let cases = read(Path::new("t.yaml"), t, &doc, &options).unwrap();
        assert!(
            matches!(&cases[0].plan, CasePlan::Check(r) if r.url == "https://a.example.com:8443/x"),
            "{:?}",
            cases[0].plan
        );
        assert_eq!(cases[0].routes, vec!["GET /"]);
    }

    #[test]
    fn cycles_and_malformed_functions_are_errors() {
        let cyclic = "Resources:\n  A: { Type: AWS::SNS::Topic, Properties: { TopicName: !Ref B } }\n  B: { Type: AWS::SNS::Topic, Properties: { TopicName: !GetAtt A.TopicName } }\n";
        let e = scan(cyclic, &[]).unwrap_err().to_string();
        assert!(
            e.contains("circular dependency between resources: A → B → A"),
            "{e}"
        );
        let by_sub = "Resources:\n  A: { Type: AWS::SNS::Topic, DependsOn: A }\n";
        assert!(scan(by_sub, &[]).unwrap_err().to_string().contains("A → A"));
        let cond = "Conditions:\n  C: !Condition D\n  D: !Not [!Condition C]\nResources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties: { Integration: { Type: HTTP, Uri: !If [C, a, b] } }\n";
        assert!(scan(cond, &[])
            .unwrap_err()
            .to_string()
            .contains("circular condition: C → D → C"));
        let join = "Resources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties: { Integration: { Type: HTTP, Uri: !Join [a] } }\n";
        assert!(matches!(scan(join, &[]), Err(ScanError::Invalid { .. })));
        assert!(matches!(
            scan("Parameters: {}\n", &[]),
            Err(ScanError::Invalid { .. })
        ));
        // Conditions sharing sub-conditions: 2^20 evaluations without the step bound.
        let mut shared = String::from("Conditions:\n");
        for i in 0..20 {
            shared.push_str(&format!(
                "  C{i}: !And [!Condition C{}, !Condition C{}]\n",
                i + 1,
                i + 1
            ));
        }
        shared.push_str("  C20: !Equals [a, a]\nResources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties: { Integration: { Type: HTTP, Uri: !If [C0, a, b] } }\n");
        let e = scan(&shared, &[]).unwrap_err().to_string();
        assert!(e.contains("more than 1000000 steps"), "{e}");
    }

    #[test]
    fn load_balancer_dns_name_is_named_for_what_it_is() {
        let t = r#"{"Resources": {
          "Nlb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network"}},
          "Tg": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 443, "Protocol": "TLS"}},
          "L": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Nlb"}, "Port": 443, "Protocol": "TCP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Tg"}}]}},
          "Link": {"Type": "AWS::ApiGateway::VpcLink", "Properties": {"Name": "l", "TargetArns": [{"Ref": "Nlb"}]}},
          "M": {"Type": "AWS::ApiGateway::Method", "Properties": {"HttpMethod": "GET", "Integration": {
             "Type": "HTTP_PROXY", "ConnectionType": "VPC_LINK", "ConnectionId": {"Ref": "Link"},
             "Uri": {"Fn::Join": ["", ["https://", {"Fn::GetAtt": ["Nlb", "DNSName"]}, "/"]]}}}},
          "V2": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {"ApiId": "x", "IntegrationType": "HTTP_PROXY",
             "ConnectionType": "VPC_LINK", "IntegrationUri": {"Ref": "L"}, "TlsConfig": {"ServerNameToVerify": "api.example.com"}}},
          "R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": "x", "RouteKey": "GET /orders", "Target": {"Fn::Sub": "integrations/${V2}"}}}
        }}"#;
        let cases = scan(t, &[]).unwrap();
        let m = plan_of(&cases, "M");
        let CasePlan::Unresolved(u) = &m.plan else {
            panic!("{:?}", m.plan)
        };
        assert_eq!(u.expression, "Fn::GetAtt Nlb.DNSName");
        assert!(u.reason.contains("hostname check"));
        assert!(u.fix.as_deref().unwrap().contains("private hosted zone"));
        let b = m.backend.as_ref().unwrap();
        assert_eq!(
            b.to_string(),
            "VPC link Link → network load balancer Nlb (listener L 443/TCP → target group Tg 443/TLS)"
        );
        // With serverNameToVerify the case is checked under that name.
        let v2 = plan_of(&cases, "V2");
        assert!(
            matches!(&v2.plan, CasePlan::Check(r) if r.url == "https://api.example.com/" && r.server_name_to_verify.as_deref() == Some("api.example.com") && r.integration == Some(Integration::HttpApiPrivate)),
            "{:?}",
            v2.plan
        );
        assert_eq!(v2.routes, vec!["GET /orders"]);

        // An HTTP API body whose URL is the load balancer's name: decided by serverNameToVerify
        // when it has one, the incident's shape when it has none.
        let body = r#"
Resources:
  Nlb: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: { Type: network } }
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /a: { get: { x-amazon-apigateway-integration: { type: http_proxy, connectionType: VPC_LINK, uri: !Sub "https://${Nlb.DNSName}/a", tlsConfig: { serverNameToVerify: api.example.com } } } }
          /b: { get: { x-amazon-apigateway-integration: { type: http_proxy, connectionType: VPC_LINK, uri: !Sub "https://${Nlb.DNSName}/b", tlsConfig: {} } } }
"#;
        let included = "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: p\n      DefinitionBody:\n        Fn::Transform: { Name: AWS::Include, Parameters: { Location: s3://b/api.yaml } }\n";
        assert!(
            matches!(&scan(included, &[]).unwrap()[0].plan, CasePlan::Skipped(why) if why.contains("Fn::Transform in DefinitionBody"))
        );
        let body_cases = scan(body, &[]).unwrap();
        assert!(
            matches!(&body_cases[0].plan, CasePlan::Check(r) if r.url == "https://api.example.com/" && r.integration == Some(Integration::HttpApiPrivate)),
            "{:?}",
            body_cases[0].plan
        );
        assert!(
            matches!(&body_cases[1].plan, CasePlan::Unresolved(u) if u.load_balancer.as_deref() == Some("Nlb")),
            "{:?}",
            body_cases[1].plan
        );

        let cases = scan(
            t,
            &[("Nlb.DNSName", "nlb1-0123.elb.us-east-1.amazonaws.com")],
        )
        .unwrap();
        assert!(
            matches!(&plan_of(&cases, "M").plan, CasePlan::Check(r) if r.url == "https://nlb1-0123.elb.us-east-1.amazonaws.com/" && r.integration == Some(Integration::RestVpcLink))
        );
        assert!(
            matches!(&plan_of(&cases, "V2").plan, CasePlan::Check(r) if r.url == "https://nlb1-0123.elb.us-east-1.amazonaws.com/")
        );
        assert_eq!(
            plan_of(&cases, "M")
                .backend
                .as_ref()
                .unwrap()
                .load_balancer
                .as_ref()
                .unwrap()
                .dns_name
                .as_deref(),
            Some("nlb1-0123.elb.us-east-1.amazonaws.com")
        );
    }
}
