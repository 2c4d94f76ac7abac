/**
 * The top navigation stays on one line and scrolls sideways when its links
 * do not fit (a 1024 px tablet in landscape, phones). These say which edges
 * hide links (the shell fades those edges) and where to scroll so the
 * current screen's link is in view.
 */

export interface ScrollBox {
  scrollLeft: number;
  scrollWidth: number;
  clientWidth: number;
}

/** Sub-pixel layout leaves fractions; less than this is no overflow. */
const slack = 1;

/** Whether links are hidden before (left of) and after (right of) the visible part. */
export function navOverflow(box: ScrollBox): { before: boolean; after: boolean } {
  return {
    before: box.scrollLeft > slack,
    after: box.scrollLeft + box.clientWidth < box.scrollWidth - slack,
  };
}

/**
 * The scroll position that shows a link (`left`/`width` in the scrolled
 * content's coordinates) whole, `margin` clear of the faded edges, moving as
 * little as possible; the current position when it is already in view.
 */
export function revealScrollLeft(
  box: ScrollBox,
  link: { left: number; width: number },
  margin = 0,
): number {
  const max = Math.max(0, box.scrollWidth - box.clientWidth);
  const start = link.left - margin;
  const end = link.left + link.width + margin;
  let next = box.scrollLeft;
  if (end > box.scrollLeft + box.clientWidth) next = end - box.clientWidth;
  if (start < next) next = start;
  return Math.min(max, Math.max(0, next));
}
