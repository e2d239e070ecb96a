// A table's box that scrolls sideways when the table is wider than the screen: focusable and named, so keyboard
// users can scroll it too (axe-core: scrollable-region-focusable).
import type { ReactNode } from "react";

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
