// Roles and what each may do. A role is held over an org subtree; so is every permission it grants.

export const ROLES = [
  'agent', 'technician', 'supervisor', 'qa_inspector', 'quality_manager', 'workforce_planner', 'trainer', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'case:read', 'case:create', 'case:update', 'case:transfer', 'case:dispatch', 'case:escalate', 'case:resolve',
  'case:reopen', 'case:merge', 'case:cancel', 'case:comment',
  'workorder:update', 'remediation:request', 'remediation:approve',
  'customer:read', 'customer:create', 'customer:update', 'customer:reveal',
  'category:manage', 'org:read', 'org:manage', 'user:read', 'user:manage', 'audit:read', 'settings:manage',
  'commitment:manage', 'callback:work', 'callback:manage', 'report:read',
  'contact:read', 'contact:import', 'workforce:plan', 'cti:ingest',
  'customer:export', 'customer:erase',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const agent: Permission[] = [
  'case:read', 'case:create', 'case:update', 'case:transfer', 'case:dispatch', 'case:escalate', 'case:resolve',
  'case:reopen', 'case:comment', 'remediation:request', 'customer:read', 'customer:create', 'customer:update',
  'org:read', 'user:read', 'callback:work',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent,
  technician: ['case:read', 'case:comment', 'workorder:update', 'customer:read', 'org:read', 'user:read'],
  supervisor: [...agent, 'case:merge', 'case:cancel', 'workorder:update', 'remediation:approve', 'customer:reveal', 'callback:manage', 'report:read', 'contact:read'],
  qa_inspector: ['case:read', 'case:comment', 'customer:read', 'org:read', 'user:read', 'report:read'],
  quality_manager: [...agent, 'case:merge', 'case:cancel', 'remediation:approve', 'customer:reveal', 'category:manage', 'audit:read',
    'commitment:manage', 'callback:manage', 'report:read', 'contact:read', 'customer:export', 'customer:erase'],
  workforce_planner: ['case:read', 'org:read', 'user:read', 'report:read', 'contact:read', 'contact:import', 'workforce:plan'],
  trainer: ['case:read', 'org:read', 'user:read'],
  admin: [...PERMISSIONS],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role] ?? [];
}
