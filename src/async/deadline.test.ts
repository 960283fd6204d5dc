import { describe, expect, it, vi } from 'vitest';
import { startDeadline } from './deadline.js';

describe('startDeadline', () => {
  it('aborts with a TimeoutError once the time is up', () => {
    vi.useFakeTimers();
    try {
      const deadline = startDeadline(100);
      vi.advanceTimersByTime(99);
      expect(deadline.signal.aborted).toBe(false);
      vi.advanceTimersByTime(1);
      expect(deadline.signal.aborted).toBe(true);
      expect(deadline.timedOut).toBe(true);
      expect((deadline.signal.reason as Error).name).toBe('TimeoutError');
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the caller abort without counting it as a timeout', () => {
    const parent = new AbortController();
    const deadline = startDeadline(60_000, parent.signal);
    parent.abort(new Error('stop'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect((deadline.signal.reason as Error).message).toBe('stop');
    deadline.release();
  });

  it('starts aborted when the caller already aborted', () => {
    const parent = new AbortController();
    parent.abort();
    expect(startDeadline(60_000, parent.signal).signal.aborted).toBe(true);
  });

  it('unhooks from the caller on release, and a late timer no longer aborts', () => {
    vi.useFakeTimers();
    try {
      const parent = new AbortController();
      const remove = vi.spyOn(parent.signal, 'removeEventListener');
      const deadline = startDeadline(100, parent.signal);
      deadline.release();
      expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
      parent.abort();
      vi.advanceTimersByTime(200);
      expect(deadline.signal.aborted).toBe(false);
      expect(deadline.timedOut).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reuses a released deadline with its full time again', () => {
    vi.useFakeTimers();
    try {
      const first = startDeadline(250);
      vi.advanceTimersByTime(200);
      first.release();
      const second = startDeadline(250);
      vi.advanceTimersByTime(200);
      expect(second.signal.aborted).toBe(false);
      vi.advanceTimersByTime(50);
      expect(second.timedOut).toBe(true);
      second.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('is reused once its attempt left no listener on it, and never while one is still there', () => {
    const listened = startDeadline(250);
    const heard: string[] = [];
    const listener = (): void => {
      heard.push('abort');
    };
    listened.signal.addEventListener('abort', listener);
    listened.release();
    const next = startDeadline(250);
    // the left listener must not hear the next attempt's abort: a fresh deadline, not the listened one
    expect(next.signal).not.toBe(listened.signal);
    next.abort();
    next.release();
    expect(heard).toEqual([]);
    const clean = startDeadline(250);
    clean.signal.addEventListener('abort', listener, { once: true });
    clean.signal.removeEventListener('abort', listener);
    clean.release();
    const again = startDeadline(250);
    expect(again.signal).toBe(clean.signal);
    again.release();
  });

  it('starts its full time again on restart, as a stream does for each part', () => {
    vi.useFakeTimers();
    try {
      // a time no other test uses: a kept deadline's timer belongs to the fake clock it was made on
      const deadline = startDeadline(130);
      vi.advanceTimersByTime(100);
      deadline.restart();
      vi.advanceTimersByTime(100);
      expect(deadline.signal.aborted).toBe(false);
      vi.advanceTimersByTime(30);
      expect(deadline.timedOut).toBe(true);
      deadline.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts at once on abort(), not as a timeout, and is not reused after it', () => {
    const deadline = startDeadline(60_000);
    const { abort } = deadline;
    abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect((deadline.signal.reason as Error).name).toBe('AbortError');
    deadline.release();
    const next = startDeadline(60_000);
    expect(next).not.toBe(deadline);
    expect(next.signal.aborted).toBe(false);
    next.release();
  });
});
