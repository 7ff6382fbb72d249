//! Structured output: finding the JSON in an answer, checking it against the schema, and the
//! text of the one repair round. Pure functions; the round trip lives in `chain.rs`.

use serde_json::Value;

/// The instruction appended to the system prompt where the provider cannot enforce the schema
/// (and for Ollama, which enforces it without showing it to the model).
pub fn schema_instruction(schema: &Value) -> String {
    format!(
        "Answer with one JSON value only, no prose and no code fences. It must follow this JSON schema:\n{}",
        serde_json::to_string(schema).unwrap_or_default()
    )
}

/// The user message of the repair round.
pub fn repair_message(errors: &[String]) -> String {
    format!(
        "Your answer does not follow the JSON schema:\n- {}\nReply with the corrected JSON only.",
        errors.join("\n- ")
    )
}

/// True when OpenAI's `strict: true` accepts the schema: every object lists all its
/// properties as required and sets `additionalProperties: false`.
pub fn is_strict_compatible(schema: &Value) -> bool {
    match schema {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get("properties") {
                if m.get("additionalProperties") != Some(&Value::Bool(false)) {
                    return false;
                }
                let required: Vec<&str> = m
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if props.keys().any(|k| !required.contains(&k.as_str())) {
                    return false;
                }
            }
            m.values().all(is_strict_compatible)
        }
        Value::Array(a) => a.iter().all(is_strict_compatible),
        _ => true,
    }
}

/// Finds the JSON in a model's answer: the whole text, else the inside of a code fence, else
/// the first balanced object or array; each also retried with trailing commas removed.
pub fn extract_json(text: &str) -> Option<Value> {
    let mut candidates = vec![text.trim().to_string()];
    if let Some(inner) = fenced(text) {
        candidates.push(inner);
    }
    if let Some(b) = first_balanced(text) {
        candidates.push(b.to_string());
    }
    for c in &candidates {
        if let Ok(v) = serde_json::from_str::<Value>(c) {
            return Some(v);
        }
        if let Ok(v) = serde_json::from_str::<Value>(&drop_trailing_commas(c)) {
            return Some(v);
        }
    }
    None
}

/// The body of the first ``` fence (with or without a language tag).
fn fenced(text: &str) -> Option<String> {
    let start = text.find("```")?;
    let rest = &text[start + 3..];
    let body_start = rest.find('\n').map_or(0, |i| i + 1);
    let body = &rest[body_start..];
    let end = body.find("```").unwrap_or(body.len());
    Some(body[..end].trim().to_string())
}

/// The first `{…}` or `[…]` whose brackets balance, ignoring brackets inside strings.
fn first_balanced(text: &str) -> Option<&str> {
    let start = text.find(['{', '['])?;
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for (i, ch) in text[start..].char_indices() {
        if in_str {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(&text[start..start + i + ch.len_utf8()]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Removes commas directly before `}` or `]` (outside strings).
fn drop_trailing_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut in_str = false;
    let mut escaped = false;
    for (i, &ch) in chars.iter().enumerate() {
        if in_str {
            match ch {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            out.push(ch);
            continue;
        }
        if ch == '"' {
            in_str = true;
        }
        if ch == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(ch);
    }
    out
}

/// Checks a value against a JSON schema; the errors name the place (`/weeks/0/tss: …`).
/// A schema that is itself invalid is reported as one error.
pub fn validate(schema: &Value, value: &Value) -> Result<(), Vec<String>> {
    let validator = match jsonschema::validator_for(schema) {
        Ok(v) => v,
        Err(e) => return Err(vec![format!("the schema itself is invalid: {e}")]),
    };
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(20)
        .map(|e| {
            let path = e.instance_path().to_string();
            if path.is_empty() {
                e.to_string()
            } else {
                format!("{path}: {e}")
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Extraction and validation in one: the value, or what is wrong with the answer.
pub fn parse_answer(schema: &Value, text: &str) -> Result<Value, Vec<String>> {
    let Some(v) = extract_json(text) else {
        return Err(vec![
            "the answer contains no JSON value (or it is malformed)".into(),
        ]);
    };
    validate(schema, &v)?;
    Ok(v)
}
