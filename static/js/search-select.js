// Search-as-you-type for every select that names a JSON endpoint (data-search-url): Tom Select asks the
// endpoint as the user types and shows what the server found, which is already limited to what the user may see.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-search-url]").forEach((select) => {
    const url = select.dataset.searchUrl;
    // eslint-disable-next-line no-undef
    const control = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      score: () => () => 1,
      maxOptions: 50,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder || "输入关键词搜索",
      allowEmptyOption: true,
      shouldLoad: (query) => query.trim().length > 0,
      load: (query, callback) => {
        fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => response.json())
          .then((answer) => callback(answer.results))
          .catch(() => callback());
      },
      render: {
        no_results: () => '<div class="no-results">没有找到，请换个关键词。</div>',
        loading: () => '<div class="spinner-border spinner-border-sm m-2" role="status"></div>',
      },
    });
    // Tom Select points the field's <label> at its own input, leaving the original select (still in the
    // accessibility tree) without a name: give it the same label.
    const label = document.querySelector(`label[for="${control.inputId}-ts-control"]`);
    if (label && label.id) select.setAttribute("aria-labelledby", label.id);
  });
});
