use super::*;

const MINUTE: Option<Duration> = Some(Duration::from_secs(60));

fn reading(remaining: u64, reset: i64) -> Option<RateLimit> {
    Some(RateLimit {
        limit: Some(5),
        remaining: Some(remaining),
        reset: Some(reset),
    })
}

#[test]
fn the_first_request_goes_alone_then_as_many_as_surely_left() {
    let mut budget = Budget::new();
    assert_eq!(budget.gate(0, None), Gate::Go);
    budget.sent();
    assert_eq!(budget.gate(0, None), Gate::Hold);
    budget.answered(reading(3, 100), true, false, 0);
    // Three left: three may be out at once, not a fourth.
    for _ in 0..3 {
        assert_eq!(budget.gate(0, None), Gate::Go);
        budget.sent();
    }
    assert_eq!(budget.gate(0, None), Gate::Hold);
}

#[test]
fn answers_out_of_order_keep_the_lowest_count() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(reading(4, 100), true, false, 0);
    for _ in 0..4 {
        budget.sent();
    }
    // The server counted them 3, 2, 1, 0; the answers arrive 0, 2, 3, 1.
    budget.answered(reading(0, 100), true, false, 0);
    budget.answered(reading(2, 100), true, false, 0);
    assert_eq!(budget.gate(0, None), Gate::Hold);
    budget.answered(reading(3, 100), true, false, 0);
    budget.answered(reading(1, 100), true, false, 0);
    assert_eq!(budget.gate(0, None), Gate::Stop { reset: Some(100) });
    assert_eq!(budget.last_reading().unwrap().remaining, Some(0));
}

#[test]
fn a_used_up_window_waits_within_max_wait_and_stops_beyond_it() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(reading(0, 1_000), true, false, 950);
    assert_eq!(budget.gate(950, MINUTE), Gate::Pause { until: 1_001 });
    assert_eq!(budget.gate(900, MINUTE), Gate::Stop { reset: Some(1_000) });
    assert_eq!(budget.gate(950, None), Gate::Stop { reset: Some(1_000) });
    // After the reset the whole limit is back, one request at a time until an answer.
    budget.waited();
    assert_eq!(budget.gate(1_001, MINUTE), Gate::Go);
    budget.sent();
    assert_eq!(budget.gate(1_001, MINUTE), Gate::Hold);
    budget.answered(reading(4, 2_000), true, false, 1_001);
    assert_eq!(budget.gate(1_001, MINUTE), Gate::Go);
}

#[test]
fn a_refusal_empties_the_window_and_never_spins() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(reading(5, 100), true, false, 0);
    budget.sent();
    // A 429 (someone else used the key) that says the reset has passed on our clock.
    budget.answered(reading(0, 90), true, true, 95);
    assert_eq!(budget.gate(95, MINUTE), Gate::Pause { until: 97 });
    assert_eq!(budget.gate(95, None), Gate::Stop { reset: Some(96) });
    // A refusal with no reading at all: no reset to wait for.
    let mut blind = Budget::new();
    blind.sent();
    blind.answered(None, true, true, 10);
    assert_eq!(blind.gate(10, MINUTE), Gate::Stop { reset: None });
}

#[test]
fn without_headers_there_is_no_limit_to_keep() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(None, true, false, 0);
    for _ in 0..50 {
        assert_eq!(budget.gate(0, None), Gate::Go);
        budget.sent();
    }
}

#[test]
fn cache_hits_and_network_failures_do_not_end_the_probe() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(None, false, false, 0);
    budget.sent();
    assert_eq!(budget.gate(0, None), Gate::Hold);
}

#[test]
fn a_late_answer_from_an_earlier_window_is_ignored() {
    let mut budget = Budget::new();
    budget.sent();
    budget.answered(reading(4, 200), true, false, 150);
    budget.sent();
    budget.answered(reading(0, 100), true, false, 150);
    assert_eq!(budget.gate(150, None), Gate::Go);
    assert_eq!(budget.last_reading().unwrap().reset, Some(200));
}

#[test]
fn each_chatbot_has_its_own_window_and_idle_ones_are_forgotten_past_the_bound() {
    let mut budgets = Budgets::default();
    budgets.of("a").sent();
    budgets.of("a").answered(reading(0, 100), true, false, 0);
    assert_eq!(
        budgets.of("a").gate(0, None),
        Gate::Stop { reset: Some(100) }
    );
    assert_eq!(budgets.of("b").gate(0, None), Gate::Go);
    budgets.of("b").sent();
    assert_eq!(budgets.in_flight(), 1);
    assert_eq!(budgets.last_reading("a").unwrap().remaining, Some(0));
    for n in 0..MAX_BUDGETS {
        budgets.of(&format!("bot{n}"));
    }
    assert!(budgets.by_bot.len() <= MAX_BUDGETS);
    assert_eq!(budgets.in_flight(), 1, "one in flight is never forgotten");
}
