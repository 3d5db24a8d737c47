import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../src/restartPolicy';

describe('restart after a crash', () => {
  it('restarts four times within three minutes, then gives up and says so', () => {
    const p = new RestartPolicy();
    const t = 1_000_000;
    expect([0, 1, 2, 3].map((i) => p.crashed(t + i * 1000))).toEqual([true, true, true, true]);
    expect(p.crashed(t + 5000)).toBe(false);
    expect(p.giveUpMessage()).toMatch(/crashed 5 times in the last 3 minutes and will not be restarted/);
  });

  it('forgets crashes older than the window', () => {
    const p = new RestartPolicy(2, 1000);
    expect(p.crashed(0)).toBe(true);
    expect(p.crashed(100)).toBe(true);
    expect(p.crashed(200)).toBe(false);
    expect(p.crashed(5000)).toBe(true);
    expect(p.count).toBe(1);
  });

  it('starts over after a manual restart', () => {
    const p = new RestartPolicy(1, 60_000);
    expect(p.crashed(0)).toBe(true);
    expect(p.crashed(1)).toBe(false);
    p.reset();
    expect(p.crashed(2)).toBe(true);
  });
});
