import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { body, routing } from '../api/client';
import type { components } from '../api/generated/routing';

type StaffDirectory = components['schemas']['StaffDirectoryDto'];

/** Turns a staff id into the person's name; the id itself when the directory does not know it (or is not read yet). */
export type NameOf = (staffId: string) => string;
export const idAsName: NameOf = (staffId) => staffId;

/** The staff directory (routing's GET /admin/staff: the mall's people and HQ's), read once a while: names change rarely. */
export const useStaffNames = (): NameOf => {
  const directory = useQuery({
    queryKey: ['staff-directory'],
    queryFn: () => body<StaffDirectory>(routing.GET('/admin/staff')),
    staleTime: 10 * 60_000,
    select: (data) => new Map(data.items.map((member) => [member.staffId, member.name])),
  });
  const names = directory.data;
  return useCallback((staffId: string) => names?.get(staffId) ?? staffId, [names]);
};
