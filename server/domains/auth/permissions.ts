/**
 * Roles and what they may do. Viewers read; editors also change content (contacts, groups, segments,
 * imports, templates, campaigns); managers and owners also manage people, keys and settings; only owners
 * may grant or remove the owner role.
 */
import type { Role } from '../../db/schema.js';

export type Permission = 'read' | 'write' | 'admin' | 'owner';

const GRANTS: Record<Role, Permission[]> = {
  owner: ['read', 'write', 'admin', 'owner'],
  manager: ['read', 'write', 'admin'],
  editor: ['read', 'write'],
  viewer: ['read'],
};

export const ROLES: Role[] = ['owner', 'manager', 'editor', 'viewer'];

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
