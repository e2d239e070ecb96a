"use client";
// j/k move the focus to the next/previous row's link of the table in `container`; Enter then opens it (a link).
// Keys typed into a form field, or with a modifier, are left alone.
import { type RefObject, useEffect } from "react";

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));

export function useRowKeys(container: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "j" && event.key !== "k") return;
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const links = Array.from(
        container.current?.querySelectorAll<HTMLAnchorElement>("a[data-row-link]") ?? [],
      );
      if (links.length === 0) return;
      event.preventDefault();
      const index = links.findIndex((link) => link === document.activeElement);
      const next =
        index === -1
          ? event.key === "j"
            ? 0
            : links.length - 1
          : Math.min(links.length - 1, Math.max(0, index + (event.key === "j" ? 1 : -1)));
      const link = links[next];
      link?.focus();
      link?.closest("tr")?.scrollIntoView({ block: "nearest" });
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [container]);
}
