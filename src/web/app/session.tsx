import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../shared/auth';
import { get } from '../lib/api';

// Who is logged in; every feature reads it through this hook.
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => get<Me>('/me'), staleTime: 60_000, retry: false });
}

export function can(me: Me | undefined, permission: string): boolean {
  return Boolean(me?.permissions.includes(permission));
}
