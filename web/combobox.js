// Autocomplete for a search input: the WAI-ARIA combobox pattern (input with role=combobox, a
// listbox popup, aria-activedescendant). Shared by the search page and the widget, so it only
// touches the two elements it is given (it works inside a shadow root).
//
// Keys: ArrowDown/ArrowUp open the list and move through it (wrapping), Enter picks the active
// suggestion (without one the form submits as usual), Escape closes the list, Tab closes it.

export class Combobox {
  // input: the <input>; listbox: an empty <ul> placed after it; suggest(text, signal) resolves to
  // [{text, count}]; onChoose(text) runs after a suggestion was picked (the input holds it).
  constructor(input, listbox, { suggest, onChoose, idPrefix = "suggestion", delay = 120 }) {
    this.input = input;
    this.listbox = listbox;
    this.suggest = suggest;
    this.onChoose = onChoose;
    this.idPrefix = idPrefix;
    this.delay = delay;
    this.items = [];
    this.active = -1;
    this.timer = 0;
    this.controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;

    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.onKey(event));
    input.addEventListener("blur", () => this.close());
    // Keep the focus in the input while a suggestion is clicked.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetch(), this.delay);
  }

  async fetch() {
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    const text = this.input.value;
    if (text.trim() === "") {
      this.show([]);
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    try {
      const items = await this.suggest(text, controller.signal);
      // A reply for text the user has typed past is stale.
      if (controller.signal.aborted || this.input.value !== text) return;
      if (this.input.getRootNode().activeElement !== this.input) return;  // the user left
      this.show(items.filter((item) => item.text !== text.trim()));
    } catch {
      if (!controller.signal.aborted) this.show([]);  // suggestions are optional: stay quiet
    }
  }

  show(items) {
    // A fresh list keeps the active suggestion when it is still there.
    const activeText = this.active >= 0 && this.isOpen ? this.items[this.active].text : null;
    this.items = items;
    this.listbox.replaceChildren(...items.map((item, index) => this.renderOption(item, index)));
    this.listbox.hidden = items.length === 0;
    this.input.setAttribute("aria-expanded", String(items.length > 0));
    this.setActive(items.findIndex((item) => item.text === activeText));
  }

  renderOption(item, index) {
    const li = this.listbox.ownerDocument.createElement("li");
    li.id = `${this.idPrefix}-${index}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.index = String(index);
    // The typed part plain, the completion bold: both as text.
    const typed = this.input.value.trimStart().toLowerCase();
    if (typed && item.text.toLowerCase().startsWith(typed)) {
      const rest = this.listbox.ownerDocument.createElement("strong");
      rest.textContent = item.text.slice(typed.length);
      li.append(item.text.slice(0, typed.length), rest);
    } else {
      li.textContent = item.text;
    }
    return li;
  }

  move(delta) {
    if (this.items.length === 0) return;
    const count = this.items.length;
    const next = this.active < 0 ? (delta > 0 ? 0 : count - 1) : (this.active + delta + count) % count;
    this.setActive(next);
  }

  setActive(index) {
    this.active = index;
    this.listbox.querySelectorAll('[role="option"]').forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === index));
      if (i === index) li.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0) {
      this.input.setAttribute("aria-activedescendant", `${this.idPrefix}-${index}`);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  onKey(event) {
    if (event.isComposing) return;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (this.isOpen) {
          this.move(event.key === "ArrowDown" ? 1 : -1);
        } else if (this.items.length > 0) {
          this.listbox.hidden = false;
          this.input.setAttribute("aria-expanded", "true");
          this.move(event.key === "ArrowDown" ? 1 : -1);
        } else {
          this.fetch();
        }
        break;
      case "Enter":
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.cancel();
        }
        break;
      case "Escape":
        if (this.isOpen) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  }

  choose(index) {
    const item = this.items[index];
    if (!item) return;
    this.input.value = item.text;
    this.cancel();
    this.onChoose(item.text);
  }

  // Closes the list and forgets any request in flight (a search is about to run).
  cancel() {
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    this.close();
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
  }
}
