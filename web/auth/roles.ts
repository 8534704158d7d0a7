import { WEB_ROLES, type WebRole } from '../../src/config/config-schema.ts';

/**
 * What each role may do. Roles are ordered (config-schema WEB_ROLES): each can do everything the
 * ones before it can.
 * - read: every page, exports, the live feed (viewer)
 * - edit: upload and schedule news, edit text, reschedule, cancel (editor)
 * - approve: approve and retry (approver)
 * - admin: pause and resume channels, run the credentials checks (admin)
 */
export type Permission = 'read' | 'edit' | 'approve' | 'admin';

const LEAST_ROLE: Readonly<Record<Permission, WebRole>> = {
  read: 'viewer',
  edit: 'editor',
  approve: 'approver',
  admin: 'admin',
};

/** True when `role` carries `permission`. */
export function can(role: WebRole, permission: Permission): boolean {
  return WEB_ROLES.indexOf(role) >= WEB_ROLES.indexOf(LEAST_ROLE[permission]);
}

/** The role that `permission` needs at least, for messages ("needs the approver role"). */
export function roleFor(permission: Permission): WebRole {
  return LEAST_ROLE[permission];
}
