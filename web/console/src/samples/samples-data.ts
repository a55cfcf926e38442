import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, callbacks } from '../api/client';
import type { components } from '../api/generated/callback';
import type { DueCallback } from '../api/views';

export type SampledCase = components['schemas']['SampledCaseDto'];
export type SamplePage = components['schemas']['SamplePageDto'];
export type DrawnSample = components['schemas']['DrawnSampleDto'];
export type SampleCallback = components['schemas']['RecordSampleCallbackDto'];

export const SAMPLE_PAGE_SIZE = 20;
const SAMPLES = ['hq-samples'] as const;

export const useSamples = (mallId: string | undefined, page: number) =>
  useQuery({
    queryKey: [...SAMPLES, mallId ?? 'all', page],
    queryFn: () =>
      body<SamplePage>(callbacks.GET('/callbacks/samples', { params: { query: { ...(mallId ? { mallId } : {}), limit: SAMPLE_PAGE_SIZE, offset: (page - 1) * SAMPLE_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });

export const useDrawSample = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draw: { mallId: string; size: number }) => body<DrawnSample>(callbacks.POST('/callbacks/samples', { body: draw })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SAMPLES }),
  });
};

export const useRecordSample = (sampled: SampledCase) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (result: SampleCallback) =>
      body<SampledCase>(
        callbacks.POST('/callbacks/samples/{sampleId}/cases/{complaintId}/result', { params: { path: { sampleId: sampled.sampleId, complaintId: sampled.complaintId } }, body: result }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SAMPLES }),
  });
};

/** The mall's own callback of the case (its desk's outcome), shown beside HQ's and never mixed with it. */
export const useMallCallback = (complaintId: string) =>
  useQuery({
    queryKey: ['callback', complaintId],
    queryFn: () => body<DueCallback & { satisfaction: string | null; closedBecause: string | null }>(callbacks.GET('/callbacks/{complaintId}', { params: { path: { complaintId } } })),
    retry: false,
  });

/** HQ's results of the sampled cases on the page: how many were called, reached, satisfied, solved. */
export const summaryOf = (items: SampledCase[]) => {
  const recorded = items.filter((item) => item.result !== null);
  const reached = recorded.filter((item) => item.result?.reached);
  const satisfied = reached.filter((item) => item.result?.satisfaction === 'very-satisfied' || item.result?.satisfaction === 'satisfied');
  const solved = reached.filter((item) => item.result?.solved === true);
  return { drawn: items.length, recorded: recorded.length, reached: reached.length, satisfied: satisfied.length, solved: solved.length };
};
