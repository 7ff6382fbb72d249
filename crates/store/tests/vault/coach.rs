//! The coach's tables: providers in order, budget, the ledger's sums (kept, without
//! the athlete, when they are deleted), prompt versions, chat, and suggestions whose
//! approval writes the plan version in the same transaction.

use paceline_plan::Date;
use paceline_store::{
    BudgetRow, Error, KeyOptions, LedgerRow, NewPlan, PlanSource, ProviderRow, Store,
};

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, &KeyOptions::with_passphrase(super::PASS)).unwrap()
}

fn provider(name: &str) -> ProviderRow {
    ProviderRow {
        name: name.into(),
        kind: "openai".into(),
        base_url: "http://127.0.0.1:1/v1".into(),
        model: "m".into(),
        position: 99,
        timeout_s: None,
        price_in_per_mtok: Some(1.0),
        price_out_per_mtok: None,
        api_key_env: None,
        local: None,
    }
}

fn ledger(athlete: Option<i64>, at: i64, cost: f64) -> LedgerRow {
    LedgerRow {
        id: 0,
        athlete_id: athlete,
        at_utc: at,
        action: "chat".into(),
        provider: "p".into(),
        model: "m".into(),
        prompt_name: "chat_system".into(),
        prompt_version: 1,
        tokens_in: 100,
        tokens_out: 20,
        estimated: false,
        cost_usd: cost,
        latency_ms: 5,
        outcome: "ok".into(),
    }
}

#[test]
fn providers_keep_their_order_and_reorder() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    for n in ["local", "router", "claude"] {
        s.put_coach_provider(&provider(n)).unwrap();
    }
    let names = |s: &Store| -> Vec<String> {
        s.coach_providers()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(names(&s), ["local", "router", "claude"]);
    // Replacing keeps the place.
    let mut r = provider("router");
    r.model = "other".into();
    s.put_coach_provider(&r).unwrap();
    assert_eq!(names(&s), ["local", "router", "claude"]);
    assert_eq!(s.coach_providers().unwrap()[1].model, "other");
    s.order_coach_providers(&["claude".into()]).unwrap();
    assert_eq!(names(&s), ["claude", "local", "router"]);
    assert!(matches!(
        s.order_coach_providers(&["router".into(), "nope".into()]),
        Err(Error::Missing { .. })
    ));
    assert_eq!(names(&s), ["claude", "local", "router"]);
    assert!(s.remove_coach_provider("local").unwrap());
    assert!(!s.remove_coach_provider("local").unwrap());
    assert_eq!(names(&s), ["claude", "router"]);
}

#[test]
fn budget_ledger_prompts_and_chat() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let b = s.add_athlete("B", 0).unwrap();
    assert_eq!(s.coach_budget().unwrap(), BudgetRow::default());
    let caps = BudgetRow {
        daily_usd: Some(1.0),
        weekly_usd: None,
        monthly_usd: Some(0.0),
    };
    s.set_coach_budget(&caps).unwrap();
    assert_eq!(s.coach_budget().unwrap(), caps);

    s.add_ledger(&ledger(Some(a), 100, 0.25)).unwrap();
    s.add_ledger(&ledger(Some(b), 200, 0.5)).unwrap();
    s.add_ledger(&ledger(Some(b), 300, 0.125)).unwrap();
    assert_eq!(s.ledger_spent_since(0).unwrap(), 0.875);
    assert_eq!(s.ledger_spent_since(200).unwrap(), 0.625);
    assert_eq!(s.ledger(250).unwrap().len(), 1);

    assert_eq!(
        s.add_prompt_version("chat_system", "v-a", 1, 10).unwrap(),
        2
    );
    assert_eq!(
        s.add_prompt_version("chat_system", "v-b", 1, 11).unwrap(),
        3
    );
    let v = s.prompt_versions("chat_system").unwrap();
    assert_eq!(
        v.iter().map(|p| p.body.as_str()).collect::<Vec<_>>(),
        ["v-a", "v-b"]
    );
    assert!(s.prompt_versions("plan_generate").unwrap().is_empty());

    s.add_chat_message(b, 1, "user", "how was my week?", 5)
        .unwrap();
    s.add_chat_message(b, 1, "assistant", "solid", 6).unwrap();
    s.add_chat_message(a, 1, "user", "not b's", 7).unwrap();
    let chat = s.chat_messages(b, 1).unwrap();
    assert_eq!(chat.len(), 2);
    assert_eq!(chat[1].content, "solid");
    assert_eq!(s.last_conversation(b).unwrap(), 1);

    // Deleting B removes their chat but keeps what was spent, without their id.
    s.delete_athlete(b).unwrap();
    assert!(s.chat_messages(b, 1).unwrap().is_empty());
    assert_eq!(s.chat_messages(a, 1).unwrap().len(), 1);
    assert_eq!(s.ledger_spent_since(0).unwrap(), 0.875);
    let rows = s.ledger(0).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.athlete_id).collect::<Vec<_>>(),
        [Some(a), None, None]
    );
}

#[test]
fn approving_a_suggestion_writes_its_plan_version_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = open(dir.path());
    let a = s.ensure_athlete("A", 0).unwrap();
    let other = s.add_athlete("B", 0).unwrap();
    let base = NewPlan {
        parent: None,
        created_utc: 1,
        reason: "first",
        source: PlanSource::Builtin,
        start_date: Date(20_000),
        workouts: &[],
    };
    assert_eq!(s.save_plan(a, base).unwrap(), 1);
    let id = s
        .add_suggestion(a, None, "rules", "too hard", Some("{}"), 2)
        .unwrap();
    let r = s.add_suggestion(a, None, "rules", "meh", None, 2).unwrap();
    // Another athlete cannot see or decide it.
    assert!(matches!(
        s.suggestion(other, id),
        Err(Error::Missing { .. })
    ));
    // A bad parent fails the approval: the suggestion stays pending, no version is added.
    let bad = NewPlan {
        parent: Some(9),
        ..base
    };
    assert!(s.approve_suggestion(a, id, 3, bad).is_err());
    assert_eq!(s.suggestion(a, id).unwrap().status, "pending");
    assert_eq!(s.plan_versions(a).unwrap().len(), 1);
    let v = s
        .approve_suggestion(
            a,
            id,
            3,
            NewPlan {
                parent: Some(1),
                reason: "coach: ease",
                source: PlanSource::Llm,
                ..base
            },
        )
        .unwrap();
    assert_eq!(v, 2);
    let got = s.suggestion(a, id).unwrap();
    assert_eq!(
        (got.status.as_str(), got.plan_version, got.decided_utc),
        ("approved", Some(2), Some(3))
    );
    // Decided once only.
    assert!(s.reject_suggestion(a, id, 4).is_err());
    s.reject_suggestion(a, r, 4).unwrap();
    assert_eq!(s.suggestion(a, r).unwrap().status, "rejected");
    assert_eq!(s.suggestions(a).unwrap().len(), 2);
}
