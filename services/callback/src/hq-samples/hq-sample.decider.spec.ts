import { deciderSpecification, storedEvent } from '@mallcare/testing';
import { drawSample, hqSampleDecider } from './hq-sample.decider';

const spec = deciderSpecification(hqSampleDecider);
const sampleId = '0b4f6f0e-5d7a-4a57-9a55-1f2e3d4c5b6a';
const drawn = storedEvent('HqSampleCallbackDrawn', { sampleId, severity: 'major', sampleSize: 2, eligible: 5 });

describe('HQ sample callbacks', () => {
  it('draws a case into a sample once', () => {
    spec([]).when({ type: 'DrawIntoSample', data: { sampleId, severity: 'critical', sampleSize: 1, eligible: 3 } }).then([
      { type: 'HqSampleCallbackDrawn', data: { sampleId, severity: 'critical', sampleSize: 1, eligible: 3 } },
    ]);
    spec([drawn]).when({ type: 'DrawIntoSample', data: { sampleId, severity: 'major', sampleSize: 2, eligible: 5 } }).thenRefuses('already-drawn');
  });

  it('records HQ’s own result for a sampled case, once; a reached customer rates it', () => {
    spec([drawn])
      .when({ type: 'RecordSampleCallback', data: { sampleId, method: 'phone', reached: true, satisfaction: 'neutral', solved: true, comment: '处理慢 / slow' } })
      .then([{ type: 'HqSampleCallbackRecorded', data: { sampleId, method: 'phone', reached: true, satisfaction: 'neutral', solved: true, comment: '处理慢 / slow' } }]);
    spec([drawn]).when({ type: 'RecordSampleCallback', data: { sampleId, method: 'phone', reached: false } }).then([
      { type: 'HqSampleCallbackRecorded', data: { sampleId, method: 'phone', reached: false } },
    ]);
    spec([drawn]).when({ type: 'RecordSampleCallback', data: { sampleId, method: 'phone', reached: true } }).thenRefuses('reached-needs-satisfaction');
    spec([drawn, storedEvent('HqSampleCallbackRecorded', { sampleId, method: 'phone', reached: false })])
      .when({ type: 'RecordSampleCallback', data: { sampleId, method: 'visit', reached: false } })
      .thenRefuses('already-recorded');
    spec([]).when({ type: 'RecordSampleCallback', data: { sampleId, method: 'phone', reached: false } }).thenRefuses('not-in-sample');
  });

  it('draws a uniform sample without repeats, never more than there are', () => {
    const picks = drawSample(['a', 'b', 'c', 'd', 'e'], 3, (n) => n - 1);
    expect(picks).toHaveLength(3);
    expect(new Set(picks).size).toBe(3);
    expect(drawSample(['a', 'b'], 5, () => 0)).toEqual(['a', 'b']);
    const counts = new Map<string, number>();
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let run = 0; run < 3000; run++) for (const pick of drawSample(['a', 'b', 'c'], 1, random)) counts.set(pick, (counts.get(pick) ?? 0) + 1);
    for (const key of ['a', 'b', 'c']) expect(counts.get(key)).toBeGreaterThan(800);
  });
});
