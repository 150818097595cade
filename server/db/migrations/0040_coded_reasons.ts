/**
 * Coded messages (docs/i18n.md): an import issue keeps its English `reason` and gains the reason's code and
 * parameters, so the web app shows it in the reader's language. Rows written before this migration have no
 * code and are shown in English.
 */
export const name = '0040_coded_reasons';

export const up = /* sql */ `
alter table import_issues add column reason_code text, add column reason_params jsonb;
`;
