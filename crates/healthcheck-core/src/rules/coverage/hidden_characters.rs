use crate::findings::{Evidence, Fields, Severity};
use crate::rules::facts::{declare_rule, Check, Context, Draft};

declare_rule! {
    /// ## What it does
    /// Lists, for each file, identifiers (SKUs, document numbers, account codes, order
    /// names) that held characters which print as nothing or only look like the letters and
    /// signs they stand for: zero-width spaces, byte-order marks, bidi controls, fullwidth
    /// letters, dashes for hyphens, a Cyrillic `Н` in a Latin SKU. Each is shown as written,
    /// with those characters spelled out, and as it was read.
    ///
    /// ## Why it matters
    /// Two SKUs that print alike but differ by a hidden character are two SKUs to every
    /// system that compares them: stock, costs and sync matches split between them. The
    /// check reads them as the plain identifier, so it finds no false mismatches, and says
    /// which records carried the characters so they can be cleaned where they were typed.
    ///
    /// ## Example
    /// ```csv
    /// SKU,Location,OnHand,Allocated,Available
    /// WID-1,Main,10,0,10
    /// WID​-2,Main,5,0,5
    /// ```
    /// Line 3's SKU holds a zero-width space after `WID`; it is read as `WID-2`.
    ///
    /// ## How to fix it at the source
    /// Retype the identifier in the system it came from (often it was pasted from a web page
    /// or a document), then export again.
    ///
    /// ## Impact
    /// None in money: the identifiers are already read without the characters.
    pub(crate) HiddenCharacters {
        code: "DAT005",
        name: "hidden-characters",
        title: "Invisible or look-alike characters",
        stage: Coverage,
        severity: Low,
        counts: Business,
        inputs: [],
    }
}

impl Check for HiddenCharacters {
    fn check(&self, cx: &Context, out: &mut Vec<Draft>) {
        for input in cx.inputs.iter().filter(|i| i.identifiers_hidden > 0) {
            let (n, first) = (input.identifiers_hidden, &input.hidden_spellings[0]);
            let message = format!(
                "{n} identifier{} of {} held characters that do not show or only look like letters, and {} read without them; the first, line {}: {} '{}' as '{}'",
                if n == 1 { "" } else { "s" },
                input.file,
                if n == 1 { "is" } else { "are" },
                first.line,
                first.field,
                first.written,
                first.read_as
            );
            let evidence = input
                .hidden_spellings
                .iter()
                .map(|s| Evidence {
                    file: input.file.clone(),
                    line: s.line,
                    fields: Fields(vec![
                        ("Field".into(), s.field.clone()),
                        ("Written".into(), s.written.clone()),
                        ("Read as".into(), s.read_as.clone()),
                    ]),
                })
                .collect();
            out.push(Draft { severity: Severity::Low, message, impact: None, entities: Vec::new(), evidence });
        }
    }
}
