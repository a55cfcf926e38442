/**
 * A reader's place in a service's event log. Positions are ordered by (transaction id, global
 * position): a reader only goes past transactions that are finished, so an event whose transaction
 * took a lower position but committed later is never skipped.
 */
export interface LogPosition {
  transactionId: string;
  globalPosition: string;
}

export const LOG_START: LogPosition = { transactionId: '0', globalPosition: '0' };
