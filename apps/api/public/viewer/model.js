// The entry's field model, as the service defines it (GET /v1/fields): the one source of the
// viewer's field labels, value labels and form fields. Loaded once, before anything renders.
const response = await fetch('/v1/fields', { headers: { accept: 'application/json' } });
if (!response.ok) throw new Error(`GET /v1/fields: ${response.status}`);

/** Every entry field in the model's order: { name, type, label: { vi, en }, required, nullable, editable, max, values, … }. */
export const ENTRY_MODEL = (await response.json()).fields;

export function modelField(name) {
  return ENTRY_MODEL.find((f) => f.name === name) ?? null;
}

/** Value → Vietnamese label of an enum field: { pilot: 'Thí điểm', … }. */
export function valueLabels(name) {
  return Object.fromEntries((modelField(name)?.values ?? []).map((v) => [v.value, v.label.vi]));
}

/** Field → Vietnamese label, for every entry field. */
export function fieldLabels() {
  return Object.fromEntries(ENTRY_MODEL.map((f) => [f.name, f.label.vi]));
}
