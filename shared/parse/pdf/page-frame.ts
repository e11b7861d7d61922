/**
 * The page as it is shown: user space (what the content stream draws in) turned by the page's
 * /Rotate and moved to the view box's lower left, so that x runs along the lines of text and y up
 * the page however the page was stored (a landscape page is often stored portrait, turned 90°).
 */
export interface PageFrame {
  width: number;
  height: number;
  /** a point of user space on the shown page */
  at(x: number, y: number): [number, number];
}

export function pageFrame(view: readonly number[], rotate: number): PageFrame {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = view;
  const w = x1 - x0;
  const h = y1 - y0;
  switch ((((rotate % 360) + 360) % 360) as 0 | 90 | 180 | 270) {
    case 90:
      return { width: h, height: w, at: (x, y) => [y - y0, w - (x - x0)] };
    case 180:
      return { width: w, height: h, at: (x, y) => [w - (x - x0), h - (y - y0)] };
    case 270:
      return { width: h, height: w, at: (x, y) => [h - (y - y0), x - x0] };
    default:
      return { width: w, height: h, at: (x, y) => [x - x0, y - y0] };
  }
}

/** Only quarter turns are shown by viewers; any other /Rotate is read as none. */
export const isQuarterTurn = (rotate: number) => rotate % 90 === 0;
