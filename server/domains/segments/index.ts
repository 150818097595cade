/**
 * Segments: saved filter trees over contacts and the compiler that turns any filter tree into ONE SQL
 * WHERE expression over `contacts c`. Other domains use it for lists, bulk group operations, exports and
 * campaign audiences (`audienceContactIdsSql`). Owns the `segments` table and the filter language in
 * common/segments.ts.
 */
export {
  compileFilter,
  audienceWhere,
  audienceContactIdsSql,
  audienceFilter,
  countAudience,
  countFilter,
  countSegment,
  createSegment,
  updateSegment,
  deleteSegment,
  restoreSegment,
  type Audience,
  type CompileOptions,
} from './segments.service.js';
export { validateFilter, type FilterFieldDef } from './filter-validate.js';
export { compileTree, phonePrefixes, type CompileEnv } from './filter-compile.js';
export { registerSegmentRoutes } from './segments.routes.js';
