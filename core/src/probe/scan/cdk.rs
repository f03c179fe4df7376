//! CDK cloud assemblies (`cdk.out`): `manifest.json` lists the artifacts; each
//! `aws:cloudformation:stack` artifact's `templateFile` is a CloudFormation template, read by
//! the CloudFormation reader; nested assemblies (`cdk:cloud-assembly`, CDK stages) are followed.
//! Each resource's `aws:cdk:path` metadata names the construct that defined it.

use std::path::Path;

use serde_json::Value;

use super::{
    cloudformation, parse_document, read_text, ScanCase, ScanError, ScanOptions, MAX_DEPTH,
};

/// Reads every stack template of the assembly in `dir` (or of the manifest file `dir`).
pub fn read(dir: &Path, options: &ScanOptions) -> Result<Vec<ScanCase>, ScanError> {
    let dir = if dir.is_file() {
        dir.parent().unwrap_or(Path::new("."))
    } else {
        dir
    };
    let mut cases = Vec::new();
    read_assembly(dir, options, 0, &mut cases)?;
    Ok(cases)
}

fn read_assembly(
    dir: &Path,
    options: &ScanOptions,
    depth: usize,
    cases: &mut Vec<ScanCase>,
) -> Result<(), ScanError> {
    let manifest_path = dir.join("manifest.json");
    if depth > MAX_DEPTH {
        return Err(ScanError::invalid(
            &manifest_path,
            "nested assemblies too deep",
        ));
    }
    if !manifest_path.is_file() {
        return Err(ScanError::UnknownFormat(format!(
            "{} (a directory must be a CDK cloud assembly with a manifest.json)",
            dir.display()
        )));
    }
    let manifest: Value = serde_json::from_str(&read_text(&manifest_path)?)
        .map_err(|e| ScanError::invalid(&manifest_path, format!("not JSON: {e}")))?;
    let Some(artifacts) = manifest.get("artifacts").and_then(Value::as_object) else {
        return Err(ScanError::invalid(
            &manifest_path,
            "no \"artifacts\" object: not a cloud assembly manifest",
        ));
    };
    for (name, artifact) in artifacts {
        let file = |key: &str| {
            artifact
                .pointer(&format!("/properties/{key}"))
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    ScanError::invalid(
                        &manifest_path,
                        format!("artifact {name} has no properties.{key}"),
                    )
                })
        };
        match artifact.get("type").and_then(Value::as_str) {
            Some("aws:cloudformation:stack") => {
                let path = dir.join(file("templateFile")?);
                let text = read_text(&path)?;
                let doc = parse_document(&text)?;
                cases.extend(cloudformation::read(&path, &text, &doc, options)?);
            }
            Some("cdk:cloud-assembly") => {
                read_assembly(&dir.join(file("directoryName")?), options, depth + 1, cases)?
            }
            _ => {}
        }
    }
    Ok(())
}
