import { describe, expect, it } from 'vitest';
import { navOverflow, revealScrollLeft } from './nav-overflow';

// The links of a 1024 px tablet in landscape: 648 px of links in a 519 px wide bar.
const bar = { scrollWidth: 648, clientWidth: 519 };

describe('top navigation scrolling sideways', () => {
  it('says which edges hide links', () => {
    expect(navOverflow({ ...bar, scrollLeft: 0 })).toEqual({ before: false, after: true });
    expect(navOverflow({ ...bar, scrollLeft: 60 })).toEqual({ before: true, after: true });
    expect(navOverflow({ ...bar, scrollLeft: 129 })).toEqual({ before: true, after: false });
    // Everything fits (a wide screen): no edge hides anything, sub-pixel rounding included.
    expect(navOverflow({ scrollLeft: 0, scrollWidth: 861.5, clientWidth: 861 })).toEqual({
      before: false,
      after: false,
    });
  });

  it('scrolls the current link into view, clear of the faded edge, moving as little as possible', () => {
    // "Requests" (the last link) is off the right edge: scroll to the end.
    expect(revealScrollLeft({ ...bar, scrollLeft: 0 }, { left: 527, width: 121 }, 48)).toBe(129);
    // A link half under the right edge: just far enough to clear the margin.
    expect(revealScrollLeft({ ...bar, scrollLeft: 0 }, { left: 400, width: 76 }, 48)).toBe(5);
    // The first link while scrolled to the end: back to the start.
    expect(revealScrollLeft({ ...bar, scrollLeft: 129 }, { left: 0, width: 113 }, 48)).toBe(0);
    // Already in view: no movement.
    expect(revealScrollLeft({ ...bar, scrollLeft: 40 }, { left: 150, width: 100 }, 48)).toBe(40);
    // Nothing to scroll on a wide screen.
    expect(
      revealScrollLeft(
        { scrollLeft: 0, scrollWidth: 800, clientWidth: 900 },
        { left: 700, width: 100 },
        48,
      ),
    ).toBe(0);
  });
});
