//! Bundles built from layouts real businesses export (`tests/fixtures/real/`, whose README
//! says where each layout was seen), with rows of our own: what real files do that our
//! generator does not, read as the user meant.

// Tests read their fixtures from disk; the crate itself does no I/O.
#![allow(clippy::disallowed_methods)]

use std::fs;
use std::path::{Path, PathBuf};

use healthcheck_core::inputs::{Accounting, DatesRead, InputSummary};
use healthcheck_core::report::Report;
use healthcheck_core::{analyze, InputFile, Settings};

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real").join(name)
}

fn read(name: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(folder(name))
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), fs::read(&p).expect("read")))
        .collect();
    files.sort();
    files
}

fn run(files: &[(String, Vec<u8>)], settings: &Settings) -> Report {
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
    analyze(&inputs, settings)
}

fn as_of(date: &str) -> Settings {
    Settings { as_of: Some(healthcheck_core::date::Date::parse_iso(date).expect("date")), ..Settings::default() }
}

fn input<'a>(r: &'a Report, file: &str) -> &'a InputSummary {
    r.inputs.iter().find(|i| i.file == file).unwrap_or_else(|| panic!("{file} in the report"))
}

/// Code and message of every finding but the coverage notes, sorted.
fn findings(r: &Report) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> =
        r.findings.iter().filter(|f| !f.code.starts_with("DAT")).map(|f| (f.code.to_string(), f.message.clone())).collect();
    f.sort();
    f
}

#[test]
fn two_stores_numbering_their_orders_alike_are_both_read_and_matched_store_by_store() {
    let r = run(&read("two-stores"), &as_of("2026-03-31"));
    let au = input(&r, "orders_export_au.csv");
    assert_eq!((au.rows, au.duplicates, au.store.as_deref()), (4, 0, Some("AUD")), "every AUD order, #1001 to #1003, is kept");
    let us = input(&r, "orders_export_us.csv");
    let again = input(&r, "orders_export_us (1).csv");
    // The US store exported twice: its orders are the same orders (the same Shopify Id).
    assert_eq!(us.rows + again.rows, 4);
    assert_eq!(us.duplicates + again.duplicates, 2);
    assert_eq!((us.store.as_deref(), again.store.as_deref()), (Some("USD"), Some("USD")));
    let codes: Vec<(String, String)> = findings(&r).into_iter().filter(|(c, _)| c == "SYN007").collect();
    let messages: Vec<&str> = codes.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Shopify order #1002 (USD) was paid on 2026-03-05 but has no sale in Cin7 Core after 26 days (USD 30.00)",
            "Shopify order #1003 (AUD) was paid on 2026-03-09 but has no sale in Cin7 Core after 22 days (AUD 69.00)",
            "Shopify order #1003 (USD) is not paid yet and has no sale in Cin7 Core after 25 days: if its goods ship, Cin7 Core's stock will not know",
            "Shopify order #1004 (USD) is free (0.00 after discounts) and has no sale in Cin7 Core after 24 days: if its goods ship, Cin7 Core's stock will not know",
        ],
        "the US #1002 is not taken for the AUD store's #1002, which has its sale"
    );
    // Only the order paid in the base currency counts in the money; the unpaid ones carry none.
    let paid: Vec<_> = r.findings.iter().filter(|f| f.code == "SYN007").filter_map(|f| f.impact.as_ref().map(|i| i.amount)).collect();
    assert_eq!(paid, [rust_decimal::Decimal::new(3000, 2)]);
    let severity = |order: &str| r.findings.iter().find(|f| f.message.contains(order)).map(|f| f.severity.id());
    assert_eq!(
        [severity("#1002 (USD)"), severity("#1003 (AUD)"), severity("#1003 (USD)"), severity("#1004 (USD)")],
        [Some("high"), Some("high"), Some("low"), Some("low")]
    );
}

#[test]
fn a_store_can_be_named_by_the_user() {
    let mut settings = as_of("2026-03-31");
    settings.overrides.entry("orders_export_au.csv".into()).or_default().store = Some("Sydney store".into());
    let r = run(&read("two-stores"), &settings);
    assert_eq!(input(&r, "orders_export_au.csv").store.as_deref(), Some("Sydney store"));
    assert!(r.findings.iter().any(|f| f.message.starts_with("Shopify order #1003 (Sydney store) was paid")), "{:?}", findings(&r));
}

#[test]
fn identifiers_lose_the_marks_a_spreadsheet_added_and_match_again() {
    let r = run(&read("spreadsheet-habits"), &as_of("2026-03-31"));
    assert_eq!(input(&r, "InventoryList.csv").identifiers_cleaned, 2);
    assert_eq!(input(&r, "ProductAvailability.csv").identifiers_cleaned, 2);
    assert_eq!(input(&r, "products_export_1.csv").identifiers_cleaned, 1);
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    // `'0012345`, `="0012345"` and `'0012345` are one SKU, as are `WID-1` and `WID-1` padded
    // with a non-breaking space; nothing is reported about SKUs one file knows and another
    // does not, and no value in the report keeps a mark.
    assert_eq!(findings(&r), Vec::<(String, String)>::new());
    let json = r.to_json();
    assert!(!json.contains("'0012345") && !json.contains("=\\\"") && !json.contains('\u{a0}'), "a mark survived");
    // Imported directly: the records hold the plain identifiers, and the numbers as meant.
    let files = read("spreadsheet-habits");
    let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
    let data = healthcheck_core::import::import(&inputs, &Default::default()).dataset;
    let skus: Vec<&str> = data.stock.iter().map(|s| s.sku.as_str()).collect();
    assert_eq!(skus, ["0012345", "WID-1", "0850000000017"]);
    let on_hand: Vec<String> = data.stock.iter().map(|s| s.on_hand.to_string()).collect();
    assert_eq!(on_hand, ["40", "1200", "10"]);
    let products: Vec<&str> = data.products.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(products, ["0012345", "WID-1", "0850000000017"]);
    assert_eq!(data.channel_products.iter().filter_map(|p| p.sku.as_deref()).collect::<Vec<_>>(), ["0012345", "WID-1"]);
}

#[test]
fn undecidable_dates_in_a_quickbooks_company_are_read_month_first_and_said_to_be_a_guess() {
    let files = read("qbo-us");
    let r = run(&files, &Settings::default());
    let journal = input(&r, "Journal.csv");
    assert_eq!(journal.dates, Some(DatesRead::MonthFirstGuessed));
    assert_eq!(
        (journal.first_date.map(|d| d.to_string()), journal.last_date.map(|d| d.to_string())),
        (Some("2026-01-02".into()), Some("2026-03-04".into()))
    );
    // A Cin7 Core file of the same company follows the ledger's habit.
    let adjustments = input(&r, "StockAdjustments.csv");
    assert_eq!(adjustments.dates, Some(DatesRead::MonthFirstGuessed));
    assert_eq!(adjustments.first_date.map(|d| d.to_string()), Some("2026-02-03".into()));
    // QuickBooks Online's basis-and-timestamp footer under the Account List is passed over.
    let accounts = input(&r, "Account List.csv");
    assert_eq!((accounts.rows, accounts.rejected, accounts.passed_over), (3, 0, 1));
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    // The user's word wins over the guess: a Xero company guesses day-first for its Cin7 file,
    // and an order given for a file is used as given.
    let xero = run(&files, &Settings { accounting: Some(Accounting::Xero), ..Settings::default() });
    assert_eq!(input(&xero, "StockAdjustments.csv").dates, Some(DatesRead::DayFirstGuessed));
    assert_eq!(input(&xero, "StockAdjustments.csv").first_date.map(|d| d.to_string()), Some("2026-03-02".into()));
    let mut told = Settings::default();
    told.overrides.entry("Journal.csv".into()).or_default().date_order = Some(healthcheck_core::inputs::DateOrder::DayFirst);
    let told = run(&files, &told);
    assert_eq!(input(&told, "Journal.csv").dates, Some(DatesRead::AsTold));
    assert_eq!(input(&told, "Journal.csv").first_date.map(|d| d.to_string()), Some("2026-02-01".into()));
}

#[test]
fn a_file_of_iso_dates_is_labelled_iso() {
    let r = run(&read("two-stores"), &as_of("2026-03-31"));
    assert!(r.inputs.iter().all(|i| i.dates == Some(DatesRead::Iso)), "{:?}", r.inputs.iter().map(|i| i.dates).collect::<Vec<_>>());
}

#[test]
fn shopify_inventory_export_is_its_own_kind_and_compared_per_location() {
    let files = read("shopify-inventory");
    let r = run(&files, &as_of("2026-03-31"));
    let kind = |file: &str| input(&r, file).kind.map(|k| k.id());
    assert_eq!(kind("inventory_export_1.csv"), Some("shopify.inventory"));
    assert_eq!(kind("products_export_1.csv"), Some("shopify.products"));
    // The products export reads the same beside the inventory export as alone.
    let alone: Vec<(String, Vec<u8>)> = files.iter().filter(|(n, _)| n.starts_with("products")).cloned().collect();
    let import = |files: &[(String, Vec<u8>)]| {
        let inputs: Vec<InputFile> = files.iter().map(|(n, b)| InputFile { name: n, bytes: b }).collect();
        healthcheck_core::import::import(&inputs, &Default::default()).dataset
    };
    let variants = |d: &healthcheck_core::dataset::Dataset| {
        d.channel_products.iter().map(|p| format!("{} {:?} {:?}", p.handle, p.sku, p.price)).collect::<Vec<_>>()
    };
    let together = import(&files);
    assert_eq!(variants(&together), variants(&import(&alone)));
    assert_eq!(together.channel_stock.len(), 4);
    let inv008: Vec<&str> = r.findings.iter().filter(|f| f.code == "INV008").map(|f| f.message.as_str()).collect();
    assert_eq!(inv008, ["SKU WID-1 at Pop-up Store shows 10 in Shopify against 0 available in Cin7, an oversell risk"]);
    // Locations named differently in the two systems: compared in total, and said so.
    let renamed: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| {
            let b = if n == "ProductAvailability.csv" {
                String::from_utf8_lossy(b).replace("Pop-up Store", "Popup").into_bytes()
            } else {
                b.clone()
            };
            (n.clone(), b)
        })
        .collect();
    let r = run(&renamed, &as_of("2026-03-31"));
    let inv008: Vec<&str> = r.findings.iter().filter(|f| f.code == "INV008").map(|f| f.message.as_str()).collect();
    assert_eq!(inv008, [
        "SKU WID-1 over all locations (Shopify's locations do not match Cin7 Core's by name) shows 105 in Shopify against 100 available in Cin7, an oversell risk"
    ]);
}

#[test]
fn one_sku_on_several_variants_is_reported_with_every_variant() {
    let r = run(&read("shopify-inventory"), &as_of("2026-03-31"));
    let shared: Vec<_> = r.findings.iter().filter(|f| f.code == "SYN008").collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(
        shared[0].message,
        "Shopify SKU WID-1 is on 2 variants (widget-blue, widget-blue-gift-wrapped): the integration can map it to one Cin7 Core product only"
    );
    assert_eq!(shared[0].stage.id(), "integration");
    let rows: Vec<String> = shared[0].evidence.iter().map(|e| format!("{}:{}", e.file, e.line)).collect();
    assert_eq!(rows, ["products_export_1.csv:2", "products_export_1.csv:4"]);
}

/// The money and messages of every finding but the coverage notes, which name files.
fn verdict(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| !f.code.starts_with("DAT"))
        .map(|f| format!("{} {} {:?}", f.code, f.message, f.impact.as_ref().map(|i| i.amount)))
        .collect();
    v.sort();
    v
}

#[test]
fn a_list_exported_at_two_times_gives_the_newer_state_whatever_the_names() {
    let files = read("two-times");
    let r = run(&files, &as_of("2026-03-31"));
    let (older, newer) = (input(&r, "SaleList (1).csv"), input(&r, "SaleList.csv"));
    assert_eq!((older.rows, older.duplicates), (0, 2), "the older export's two sales are older states");
    assert_eq!((newer.rows, newer.duplicates), (3, 0));
    let set001: Vec<String> = verdict(&r).into_iter().filter(|f| f.starts_with("SET001")).collect();
    assert_eq!(set001.len(), 1, "only SO-303 is invoiced and not shipped: {set001:?}");
    assert!(set001[0].contains("SO-303"));
    assert!(r.findings.iter().any(|f| f.code == "DAT004" && f.message.contains("older state")));
    // The names swapped: the older export now sorts last; the same sales, the same money.
    let swapped: Vec<(String, Vec<u8>)> =
        files.iter().map(|(n, b)| (if n == "SaleList.csv" { "SaleList (1).csv" } else { "SaleList.csv" }.to_string(), b.clone())).collect();
    assert_eq!(verdict(&run(&swapped, &as_of("2026-03-31"))), verdict(&r));
    // Without updated dates on the records, the file whose dates run later is the newer.
    let undated: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| {
            let text = String::from_utf8_lossy(b);
            let lines: Vec<String> = text
                .lines()
                .map(|l| {
                    let mut cells: Vec<&str> = l.split(',').collect();
                    if cells[0] != "SaleID" {
                        cells[16] = "";
                    }
                    cells.join(",")
                })
                .collect();
            (n.clone(), (lines.join("\n") + "\n").into_bytes())
        })
        .collect();
    assert_eq!(verdict(&run(&undated, &as_of("2026-03-31"))), verdict(&r));
}

#[test]
fn the_as_of_date_comes_from_a_title_else_from_the_latest_record_and_says_so() {
    use healthcheck_core::as_of::{AsOfFrom, AsOfSource};
    let mixed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mixed");
    for (file, title) in [("xero-trial-balance-new.csv", "As at 31 March 2026"), ("qbo-trial-balance.csv", "As of March 31 2026")] {
        let bytes = fs::read(mixed.join(file)).expect("fixture");
        let r = run(&[(file.to_string(), bytes)], &Settings::default());
        assert_eq!(r.as_of.map(|d| d.to_string()).as_deref(), Some("2026-03-31"), "{file}");
        assert_eq!(r.as_of_source, Some(AsOfSource { from: AsOfFrom::Title, file: Some(file.into()), title: Some(title.into()) }));
    }
    // Shopify orders alone: the latest date they carry.
    let orders: Vec<(String, Vec<u8>)> = read("two-stores").into_iter().filter(|(n, _)| n.starts_with("orders")).collect();
    let r = run(&orders, &Settings::default());
    assert_eq!(r.as_of.map(|d| d.to_string()).as_deref(), Some("2026-03-09"));
    assert_eq!(r.as_of_source, Some(AsOfSource { from: AsOfFrom::LatestRecord, file: Some("orders_export_au.csv".into()), title: None }));
    let json = r.to_json();
    assert!(json.contains("\"as_of_source\": {\n    \"from\": \"latest_record\",\n    \"file\": \"orders_export_au.csv\"\n  }"), "{json}");
    // Given by the user, it is used as given.
    let r = run(&orders, &as_of("2026-03-31"));
    assert_eq!(r.as_of_source, Some(AsOfSource::settings()));
}

#[test]
fn moving_the_as_of_date_before_a_snapshot_adds_no_finding_about_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/INV005");
    let files: Vec<(String, Vec<u8>)> =
        ["availability.csv", "movements.csv"].iter().map(|n| (n.to_string(), fs::read(dir.join(n)).expect("fixture"))).collect();
    let inv005 = |r: &Report| r.findings.iter().filter(|f| f.code == "INV005").map(|f| f.message.clone()).collect::<Vec<_>>();
    let at_end = inv005(&run(&files, &as_of("2026-03-31")));
    assert_eq!(at_end, ["SKU WID-1 at Main has 120 on hand but its movements add up to 110"]);
    // The stock on hand is the export's, whatever the analysis date: February's movements
    // alone are not compared with it.
    assert_eq!(inv005(&run(&files, &as_of("2026-02-28"))), at_end);
    // A snapshot whose name dates it: movements after that date are not its.
    let dated: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| (if n == "availability.csv" { "availability_2026-03-31.csv".into() } else { n.clone() }, b.clone()))
        .collect();
    let with_its_date = inv005(&run(&dated, &as_of("2026-03-31")));
    assert_eq!(
        with_its_date,
        [
            "SKU WID-1 at Main has 120 on hand but its movements add up to 110",
            "SKU GAD-7 at Main has 3 on hand but its movements add up to 5"
        ]
    );
    assert_eq!(inv005(&run(&dated, &as_of("2026-02-28"))), with_its_date);
}

#[test]
fn the_order_and_names_of_the_files_of_every_bundle_do_not_matter() {
    for bundle in ["two-stores", "two-times", "spreadsheet-habits", "shopify-inventory", "qbo-us"] {
        let files = read(bundle);
        let settings = as_of("2026-03-31");
        let expected = verdict(&run(&files, &settings));
        let renamed: Vec<(String, Vec<u8>)> =
            files.iter().rev().enumerate().map(|(i, (_, b))| (format!("upload-{i:02}.csv"), b.clone())).collect();
        assert_eq!(verdict(&run(&renamed, &settings)), expected, "{bundle}");
        let mut reordered = files.clone();
        reordered.reverse();
        assert_eq!(verdict(&run(&reordered, &settings)), expected, "{bundle}");
    }
}

#[test]
fn the_stock_value_and_the_ledger_are_compared_only_at_one_date() {
    let mixed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mixed");
    let tb = ("xero-trial-balance-new.csv".to_string(), fs::read(mixed.join("xero-trial-balance-new.csv")).expect("fixture"));
    let stock = "SKU,Location,OnHand,Allocated,Available,StockOnHand\nWID-1,Main,100,0,100,1200.00\n".as_bytes().to_vec();
    let ledger = |r: &Report| r.stages.iter().find(|s| s.id.id() == "ledger").cloned().expect("ledger stage");
    // The trial balance stands at 31 March; so does a stock export named for that day.
    let same_day = run(&[tb.clone(), ("availability_2026-03-31.csv".into(), stock.clone())], &Settings::default());
    assert!(ledger(&same_day).rules_run.contains(&"LED001".to_string()));
    assert_eq!(same_day.findings.iter().filter(|f| f.code == "LED001").count(), 1, "6,921.14 against 1,200.00");
    // A stock export of 28 February beside it: not compared, and the report says why.
    let apart = run(&[tb, ("availability_2026-02-28.csv".into(), stock)], &Settings::default());
    assert!(!ledger(&apart).rules_run.contains(&"LED001".to_string()));
    assert!(apart.findings.iter().all(|f| f.code != "LED001"));
    let why = ledger(&apart).missing_inputs.join("; ");
    assert!(why.contains("the stock value is as of 2026-02-28 and the ledger balance as of 2026-03-31"), "{why}");
}
