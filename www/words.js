// The words the page shows for stages and statuses, and the stages each kind of export
// feeds, derived from the engine's vocabulary (`vocabulary()` of the main module) so that
// the page keeps no copy of what the core knows.

/** `{stageShort: {id: label}, statusLabel: {id: label}, stagesOfKind: {kind: [numbers]}, datesRead: {id: words}}`. */
export function deriveWords(vocabulary) {
  return {
    stageShort: Object.fromEntries(vocabulary.stages.map((s) => [s.id, s.short])),
    statusLabel: Object.fromEntries(vocabulary.statuses.map((s) => [s.id, s.label])),
    stagesOfKind: Object.fromEntries(vocabulary.kinds.map((k) => [k.kind, k.stages])),
    datesRead: Object.fromEntries((vocabulary.dates ?? []).map((d) => [d.id, d.words])),
  };
}
