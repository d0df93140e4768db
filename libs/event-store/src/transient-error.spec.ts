import { isTransientError } from './transient-error';

describe('isTransientError', () => {
  it('counts lost connections, serialization failures, deadlocks and shutdowns as transient', () => {
    for (const code of ['08006', '40001', '40P01', '53300', '57P01']) expect(isTransientError(Object.assign(new Error('x'), { code }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    // pg's answer on a connection that failed earlier (its error heard by the pool's always-on listener).
    expect(isTransientError(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('counts what the data or the code causes as not transient', () => {
    for (const code of ['23505', '22P02', '42703']) expect(isTransientError(Object.assign(new Error('x'), { code }))).toBe(false);
    expect(isTransientError(new TypeError("Cannot read properties of undefined (reading 'amount')"))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
  });
});
