// Search-as-you-type for every select that names a JSON endpoint (data-search-url): Tom Select asks the
// endpoint as the user types and shows what the server found, which is already limited to what the user may see.
// A select that depends on another field of its form (data-depends-on="org") sends that field's choice with every
// search, lists what it narrows to as soon as it is opened, waits until that field has a choice, and is emptied
// when that choice changes (the server still refuses a combination that does not belong together).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-search-url]").forEach((select) => {
    const url = select.dataset.searchUrl;
    const parentName = select.dataset.dependsOn;
    const parent = parentName && select.form ? select.form.elements.namedItem(parentName) : null;
    const parentChoice = () => (parent ? parent.value : "");
    // eslint-disable-next-line no-undef
    const field = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      score: () => () => 1,
      maxOptions: 50,
      loadThrottle: 250,
      preload: parent ? "focus" : false,
      placeholder: select.dataset.placeholder || "输入关键词搜索",
      allowEmptyOption: true,
      shouldLoad: (query) => (parent ? parentChoice() !== "" : query.trim().length > 0),
      load: (query, callback) => {
        const params = new URLSearchParams({ q: query });
        if (parent) {
          params.set(parentName, parentChoice());
        }
        fetch(`${url}?${params}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => response.json())
          .then((answer) => callback(answer.results))
          .catch(() => callback());
      },
      render: {
        no_results: () => '<div class="no-results">没有找到，请换个关键词。</div>',
        loading: () => '<div class="spinner-border spinner-border-sm m-2" role="status"></div>',
      },
    });
    if (parent) {
      const follow = () => (parentChoice() ? field.enable() : field.disable());
      parent.addEventListener("change", () => {
        field.clear();
        field.clearOptions();
        field.wrapper.classList.remove("preloaded");
        follow();
      });
      follow();
    }
    // Tom Select points the field's <label> at its own input, leaving the original select (still in the
    // accessibility tree) without a name: give it the same label.
    const label = document.querySelector(`label[for="${field.inputId}-ts-control"]`);
    if (label && label.id) select.setAttribute("aria-labelledby", label.id);
  });
});
