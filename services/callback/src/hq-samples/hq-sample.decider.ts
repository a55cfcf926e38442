import { CommandRefused, type CallbackMethod, type HqSampleCallbackDrawnV1, type HqSampleCallbackRecordedV1, type SatisfactionLevel, type EventOfType } from '@mallcare/contracts';
import { notInStream } from '@mallcare/event-store';

/**
 * HQ operations' independent callback of sampled major/critical cases (DOMAIN §8), on its own stream
 * per case so its results stay apart from the mall's callback: it neither closes nor reopens a case.
 */
export interface DrawIntoSample {
  type: 'DrawIntoSample';
  data: HqSampleCallbackDrawnV1;
}

export interface RecordSampleCallback {
  type: 'RecordSampleCallback';
  data: { sampleId: string; method: CallbackMethod; reached: boolean; satisfaction?: SatisfactionLevel; solved?: boolean; comment?: string };
}

export type HqSampleCommand = DrawIntoSample | RecordSampleCallback;

export interface HqSampleState {
  /** Samples the case was drawn into, and whether HQ recorded its callback for each. */
  samples: Record<string, { recorded: boolean }>;
}

export type HqSampleDecision = { type: 'HqSampleCallbackDrawn'; data: HqSampleCallbackDrawnV1 } | { type: 'HqSampleCallbackRecorded'; data: HqSampleCallbackRecordedV1 };

type HqSampleRule = 'already-drawn' | 'not-in-sample' | 'already-recorded' | 'reached-needs-satisfaction';

export const HQ_SAMPLE_REFUSED = 'CALLBACK_SAMPLE_REFUSED';

const hqSampleRefused = (rule: HqSampleRule, message: string): CommandRefused<HqSampleRule> => new CommandRefused(HQ_SAMPLE_REFUSED, 'conflict', rule, message, { rule });

export const initialState = (): HqSampleState => ({ samples: {} });

export const HQ_SAMPLE_STREAM_EVENTS = ['HqSampleCallbackDrawn', 'HqSampleCallbackRecorded'] as const;
export type HqSampleStreamEvent = EventOfType<(typeof HQ_SAMPLE_STREAM_EVENTS)[number]>;

export const evolve = (state: HqSampleState, event: HqSampleStreamEvent): HqSampleState => {
  switch (event.type) {
    case 'HqSampleCallbackDrawn':
      return { samples: { ...state.samples, [event.data.sampleId]: { recorded: false } } };
    case 'HqSampleCallbackRecorded':
      return { samples: { ...state.samples, [event.data.sampleId]: { recorded: true } } };
    default:
      return notInStream(event, state);
  }
};

export const decide = (command: HqSampleCommand, state: HqSampleState): HqSampleDecision[] => {
  switch (command.type) {
    case 'DrawIntoSample':
      if (state.samples[command.data.sampleId]) throw hqSampleRefused('already-drawn', `the case is already in sample ${command.data.sampleId}`);
      return [{ type: 'HqSampleCallbackDrawn', data: { ...command.data } }];
    case 'RecordSampleCallback': {
      const { sampleId, method, reached, satisfaction, solved, comment } = command.data;
      const sample = state.samples[sampleId];
      if (!sample) throw hqSampleRefused('not-in-sample', `the case is not in sample ${sampleId}`);
      if (sample.recorded) throw hqSampleRefused('already-recorded', `HQ's callback for sample ${sampleId} is already recorded`);
      if (reached && (satisfaction === undefined || solved === undefined)) {
        throw hqSampleRefused('reached-needs-satisfaction', 'a reached customer gives satisfaction and whether it is solved');
      }
      return [
        {
          type: 'HqSampleCallbackRecorded',
          data: {
            sampleId,
            method,
            reached,
            ...(reached && satisfaction ? { satisfaction } : {}),
            ...(reached && solved !== undefined ? { solved } : {}),
            ...(comment ? { comment } : {}),
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unhandled ${JSON.stringify(unknown)}`);
    }
  }
};

/** A uniform random sample of `size` (Fisher–Yates on a copy); `random` returns an integer in [0, n). */
export const drawSample = <T>(candidates: readonly T[], size: number, random: (n: number) => number): T[] => {
  const pool = [...candidates];
  const count = Math.min(size, pool.length);
  for (let index = 0; index < count; index++) {
    const pick = index + random(pool.length - index);
    [pool[index], pool[pick]] = [pool[pick], pool[index]];
  }
  return pool.slice(0, count);
};

export const hqSampleDecider = { initialState, streamEvents: HQ_SAMPLE_STREAM_EVENTS, evolve, decide };
