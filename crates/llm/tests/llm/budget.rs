use std::sync::{Arc, Mutex};

use paceline_llm::{
    build, count_request, BudgetCaps, ChatRequest, FallbackChain, LlmError, Meter, Period, Price,
    PriceSource, PriceTable, ProviderKind, Spent, ToolRegistry,
};
use paceline_llm_fake::{FakeLlm, Turn};
use serde_json::json;

use crate::{cfg, single};

fn table() -> PriceTable {
    let mut t = PriceTable::default();
    t.set(
        "oa",
        "oa-model",
        Price {
            input_per_mtok: 2.0,
            output_per_mtok: 8.0,
        },
    );
    t.set(
        "router",
        "*",
        Price {
            input_per_mtok: 1.0,
            output_per_mtok: 1.0,
        },
    );
    t
}

#[test]
fn price_lookup_order_and_defaults() {
    let t = table();
    assert_eq!(t.lookup("oa", "oa-model", false).1, PriceSource::Table);
    assert_eq!(t.lookup("router", "any/model", false).0.input_per_mtok, 1.0);
    assert_eq!(
        t.lookup("oa", "other", false),
        (Price::CONSERVATIVE_DEFAULT, PriceSource::Default)
    );
    assert_eq!(
        t.lookup("ollama", "llama3", true),
        (Price::FREE, PriceSource::Local)
    );
    // 1,000 in and 500 out at $2/$8 per M: 0.002 + 0.004.
    assert!(
        (Price {
            input_per_mtok: 2.0,
            output_per_mtok: 8.0
        }
        .cost(1000, 500)
            - 0.006)
            .abs()
            < 1e-12
    );
    // Round trip through the user-editable form.
    let text = serde_json::to_string(&t).unwrap();
    assert!(text.contains("\"input_per_mtok\":2.0"), "{text}");
    assert_eq!(serde_json::from_str::<PriceTable>(&text).unwrap(), t);
}

#[test]
fn caps_refuse_what_would_cross_them() {
    let caps = BudgetCaps {
        daily_usd: Some(1.0),
        weekly_usd: Some(5.0),
        monthly_usd: None,
    };
    let spent = Spent {
        day_usd: 0.5,
        week_usd: 4.9,
        month_usd: 100.0,
    };
    assert!(caps.check(spent, 0.05).is_ok());
    let err = caps.check(spent, 0.2).unwrap_err();
    assert!(
        matches!(
            err,
            LlmError::BudgetExceeded {
                period: Period::Week,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("weekly budget of $5.00"), "{err}");
    let zero = BudgetCaps {
        daily_usd: Some(0.0),
        ..Default::default()
    };
    assert!(
        zero.check(Spent::default(), 1e-9).is_err(),
        "a cap of 0 refuses anything that costs"
    );
    assert!(
        zero.check(
            Spent {
                day_usd: 3.0,
                ..Default::default()
            },
            0.0
        )
        .is_ok(),
        "free calls pass"
    );
}

#[tokio::test]
async fn a_cap_of_zero_refuses_before_sending_and_a_local_model_still_runs() {
    let cloud = FakeLlm::start().await;
    let local = FakeLlm::start().await;
    local.push(Turn::text("local answer", 100, 10));
    let chain = FallbackChain::new(vec![
        build(cfg("oa", ProviderKind::Openai, &cloud)).unwrap(),
        build(cfg("ollama", ProviderKind::Ollama, &local)).unwrap(),
    ]);
    let zero = BudgetCaps {
        daily_usd: Some(0.0),
        weekly_usd: None,
        monthly_usd: None,
    };
    let m = Meter::new(table(), zero, Spent::default());
    let resp = chain.complete(&ChatRequest::new("x"), &m).await.unwrap();
    assert_eq!(resp.provider, "ollama");
    assert!(
        cloud.requests().is_empty(),
        "nothing sent to the paid provider"
    );
    let calls = m.calls();
    assert_eq!(calls[0].outcome.label(), "budget_refused");
    assert_eq!(calls[1].cost_usd, 0.0);

    // Only the paid provider: the refusal is the error.
    let only_cloud = single(cfg("oa", ProviderKind::Openai, &cloud));
    let err = only_cloud
        .complete(&ChatRequest::new("x"), &m)
        .await
        .unwrap_err();
    assert!(err.budget_refusal().is_some(), "{err:?}");
    assert!(cloud.requests().is_empty());
}

#[tokio::test]
async fn the_estimate_counts_the_prompt_and_max_output() {
    let fake = FakeLlm::start().await;
    let c = cfg("oa", ProviderKind::Openai, &fake);
    let m = Meter::new(table(), BudgetCaps::default(), Spent::default());
    let req = ChatRequest::new("plan a recovery week").with_max_tokens(2000);
    let expected = (count_request(&req) as f64 * 2.0 + 2000.0 * 8.0) / 1e6;
    assert!((m.estimate(&c, &req) - expected).abs() < 1e-12);
}

#[tokio::test]
async fn a_budget_cap_crossed_mid_run_stops_the_tool_loop_and_sums_match_usage() {
    let fake = FakeLlm::start().await;
    // Round 1 costs 100k in + 10k out = $0.20 + $0.08 = $0.28 at $2/$8.
    fake.push(Turn::tool_call(
        "c1",
        "get_load",
        json!({"weeks": 4}),
        100_000,
        10_000,
    ));
    fake.push(Turn::text("never reached", 1, 1));
    let chain = single(cfg("oa", ProviderKind::Openai, &fake));
    // $0.29 a day, $0.01 spent: the first call's estimate (prompt + 500 out ≈ $0.004) fits;
    // the second does not once the first call's $0.28 is counted (0.01 + 0.28 + 0.004 > 0.29).
    let caps = BudgetCaps {
        daily_usd: Some(0.29),
        ..Default::default()
    };
    let recorded = Arc::new(Mutex::new(Vec::new()));
    let sink = recorded.clone();
    let m = Meter::new(
        table(),
        caps,
        Spent {
            day_usd: 0.01,
            week_usd: 0.01,
            month_usd: 0.01,
        },
    )
    .with_on_call(move |c| sink.lock().unwrap().push(c.clone()));
    let mut tools = ToolRegistry::new();
    tools.register(
        "get_load",
        "weekly load",
        json!({"type": "object"}),
        |_| async { Ok(json!({"ctl": 61})) },
    );
    let req = ChatRequest::new("how is my load?").with_max_tokens(500);
    let err = chain
        .run_tools(&req, &tools, 5, &m, |_| {})
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            LlmError::BudgetExceeded {
                period: Period::Day,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(fake.requests().len(), 1, "the second call was never sent");
    let calls = m.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].usage.input_tokens, 100_000);
    assert_eq!(calls[0].usage.output_tokens, 10_000);
    assert!(
        (calls[0].cost_usd - 0.28).abs() < 1e-12,
        "{}",
        calls[0].cost_usd
    );
    assert!((m.cost_usd() - 0.28).abs() < 1e-12);
    assert_eq!(calls[1].outcome.label(), "budget_refused");
    assert_eq!(
        *recorded.lock().unwrap(),
        calls,
        "the callback saw every record"
    );
}

#[tokio::test]
async fn usage_sums_equal_the_servers_usage_across_a_run() {
    let fake = FakeLlm::start().await;
    fake.push(Turn::tool_call("c1", "get_load", json!({}), 1200, 40));
    fake.push(Turn::tool_call("c2", "get_load", json!({}), 1350, 35));
    fake.push(Turn::text("Your load is steady.", 1500, 22));
    let chain = single(cfg("router", ProviderKind::Openai, &fake));
    let m = Meter::new(table(), BudgetCaps::default(), Spent::default());
    let mut tools = ToolRegistry::new();
    tools.register("get_load", "load", json!({"type": "object"}), |_| async {
        Ok(json!(1))
    });
    let run = chain
        .run_tools(&ChatRequest::new("load?"), &tools, 5, &m, |_| {})
        .await
        .unwrap();
    assert_eq!(run.tool_calls, 2);
    let u = m.usage();
    assert_eq!(
        (u.input_tokens, u.output_tokens),
        (1200 + 1350 + 1500, 40 + 35 + 22)
    );
    // $1/$1 per M for every router model.
    assert!((m.cost_usd() - (4050.0 + 97.0) / 1e6).abs() < 1e-12);
}
