//! The scores discriminate: on the clean company with ordinary slips scattered over a growing
//! share of its records, every stage's score falls as the share grows, spans at least three
//! bands, and no stage reads 0 while fewer than one record in twenty is faulted.

use rust_decimal::Decimal;

use healthcheck_core::report::{Report, Stage, Status};
use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, DemoConfig};

/// The shares of the sweep, in tenths of a percent: 0, 0.5, 1, 2, 5, 10 and 20 %.
const SWEEP: [i64; 7] = [0, 5, 10, 20, 50, 100, 200];

fn report_at(seed: u64, per_mille: i64) -> Report {
    let demo = generate(&DemoConfig { seed, clean: true, fault_share: Decimal::new(per_mille, 3), ..DemoConfig::default() });
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() })
}

fn score(report: &Report, stage: Stage) -> (u8, Status) {
    let s = report.stages.iter().find(|s| s.id == stage).expect("every stage is summarised");
    (s.score.expect("every stage is assessed on the demo"), s.status)
}

#[test]
fn scores_fall_with_the_share_of_faulted_records_and_span_the_bands() {
    for seed in [7, 42] {
        let reports: Vec<Report> = SWEEP.iter().map(|&s| report_at(seed, s)).collect();
        let table: Vec<String> =
            Stage::ALL.iter().map(|&st| format!("{st:?}: {:?}", reports.iter().map(|r| score(r, st).0).collect::<Vec<_>>())).collect();
        let table = table.join("\n");
        println!("seed {seed}, shares {SWEEP:?} ‰:\n{table}");
        for &stage in &Stage::ALL {
            let scores: Vec<(u8, Status)> = reports.iter().map(|r| score(r, stage)).collect();
            assert_eq!(scores[0], (100, Status::Healthy), "seed {seed}, {stage:?} at 0 %:\n{table}");
            for pair in scores.windows(2) {
                assert!(pair[1].0 <= pair[0].0, "seed {seed}: {stage:?} rose with the share:\n{table}");
            }
            let mut bands: Vec<Status> = scores.iter().map(|s| s.1).collect();
            bands.dedup();
            assert!(bands.len() >= 3, "seed {seed}: {stage:?} spans {bands:?}:\n{table}");
            for (share, s) in SWEEP.iter().zip(&scores) {
                if *share < 50 {
                    assert!(s.0 > 0, "seed {seed}: {stage:?} reads 0 at {share}‰:\n{table}");
                }
            }
        }
    }
}
