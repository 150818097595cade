/**
 * Custom fields: the typed definitions (text, number, date, boolean, single/multi select) of the values kept in
 * `contacts.fields`, and validation of API values against them. Owns `field_definitions`; deleting a field
 * or an option also clears the values from contacts (set-based). Does not parse spreadsheet text — the
 * import parser does that with its own, more forgiving rules.
 */
export { listFields, findFieldByKey } from './fields.repo.js';
export type { FieldRow } from './fields.repo.js';
export { checkFieldValue, checkFieldValues, isIsoDate } from './field-values.js';
export type { FieldChanges } from './field-values.js';
export { createField, updateField, deleteField, fieldView, MAX_FIELDS } from './fields.service.js';
export { registerFieldRoutes } from './fields.routes.js';
