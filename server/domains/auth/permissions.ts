/**
 * Roles and what they may do. Viewers read; editors also change content (contacts, groups, segments,
 * imports, templates, campaigns); managers and owners also manage people, keys and settings; only owners
 * may grant or remove the owner role.
 */
import type { Role } from '../../db/schema.js';

/** 'send': transactional sends through POST /api/v1/messages (editors and up; API keys need the send scope). */
export type Permission = 'read' | 'write' | 'send' | 'admin' | 'owner';

const GRANTS: Record<Role, Permission[]> = {
  owner: ['read', 'write', 'send', 'admin', 'owner'],
  manager: ['read', 'write', 'send', 'admin'],
  editor: ['read', 'write', 'send'],
  viewer: ['read'],
};

export const ROLES: Role[] = ['owner', 'manager', 'editor', 'viewer'];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
