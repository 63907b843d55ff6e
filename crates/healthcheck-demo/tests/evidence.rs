//! Evidence a reader can act on without a second file: a row that names a SKU carries the
//! product's name from the product list, right after the SKU; a row that names a
//! sale its customer, and one that names a purchase its supplier.

use healthcheck_core::{analyze, InputFile, Settings};
use healthcheck_demo::{generate, DemoConfig};

#[test]
fn a_sku_in_the_evidence_comes_with_its_product_name() {
    let demo = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    // The names as the product list gives them.
    let imported = healthcheck_core::import::import(&files, &std::collections::BTreeMap::new());
    let names: std::collections::BTreeMap<String, String> =
        imported.dataset.products.iter().map(|p| (p.sku.as_str().to_string(), p.name.as_str().to_string())).collect();
    assert!(names.len() > 20);
    let r = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
    let mut checked = 0;
    for f in &r.findings {
        for e in &f.evidence {
            let fields = &e.fields.0;
            let Some(at) = fields.iter().position(|(k, _)| k == "SKU") else { continue };
            let Some(name) = names.get(&fields[at].1) else { continue };
            // A rule that names the item itself keeps its own field.
            if fields.iter().any(|(k, _)| k != "Product name" && (k.to_ascii_lowercase().contains("name") || k == "Title")) {
                continue;
            }
            assert_eq!(fields.get(at + 1), Some(&("Product name".to_string(), name.clone())), "{} {:?}", f.code, fields);
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} rows checked");
}

#[test]
fn a_purchase_in_the_evidence_comes_with_its_supplier() {
    let demo = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    let imported = healthcheck_core::import::import(&files, &std::collections::BTreeMap::new());
    let suppliers: std::collections::BTreeMap<String, String> =
        imported.dataset.purchases.iter().map(|p| (p.order_number.as_str().to_string(), p.supplier.as_str().to_string())).collect();
    let r = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
    let mut checked = 0;
    for f in &r.findings {
        for e in &f.evidence {
            let fields = &e.fields.0;
            let document = fields.iter().find(|(k, _)| matches!(k.as_str(), "Order number" | "Cin7 Core number" | "Document"));
            let Some(supplier) = document.and_then(|(_, v)| suppliers.get(v)) else { continue };
            let shown = fields.iter().find(|(k, _)| k == "Supplier").map(|(_, v)| v);
            assert_eq!(shown, Some(supplier), "{} {:?}", f.code, fields);
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked} rows checked");
}

#[test]
fn a_sale_in_the_evidence_comes_with_its_customer() {
    let demo = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
    let files: Vec<InputFile> = demo.files.iter().map(|f| InputFile { name: &f.name, bytes: &f.bytes }).collect();
    let imported = healthcheck_core::import::import(&files, &std::collections::BTreeMap::new());
    let customers: std::collections::BTreeMap<String, String> = imported
        .dataset
        .sales
        .iter()
        .filter_map(|s| s.customer.as_ref().map(|c| (s.order_number.as_str().to_string(), c.as_str().to_string())))
        .collect();
    assert!(customers.len() > 100);
    let r = analyze(&files, &Settings { lock_date: Some(demo.lock_date), ..Settings::default() });
    let mut checked = 0;
    for f in &r.findings {
        for e in &f.evidence {
            let fields = &e.fields.0;
            let Some(customer) = fields.iter().find(|(k, _)| k == "Order number").and_then(|(_, v)| customers.get(v)) else { continue };
            assert_eq!(fields.iter().find(|(k, _)| k == "Customer").map(|(_, v)| v), Some(customer), "{} {:?}", f.code, fields);
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} rows checked");
}
