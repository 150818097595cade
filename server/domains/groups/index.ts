/**
 * Groups: named, hand-curated sets of contacts (group_members). Owns create/rename/bin/restore and the
 * bulk membership operations (add, remove, move, copy) by ids or by filter, all set-based.
 */
export { createGroup, updateGroup, deleteGroup, restoreGroup, addToGroup, removeFromGroup, transferMembers, type Selection } from './groups.service.js';
export { listGroups, findGroup, type GroupRow } from './groups.repo.js';
export { registerGroupRoutes } from './groups.routes.js';
