// A sheet that grows: "增加一行" appends a copy of the formset's empty row, numbered as the next form.
document.querySelectorAll("[data-add-row]").forEach(function (button) {
  var prefix = button.dataset.addRow;
  button.addEventListener("click", function () {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    var html = document.getElementById(prefix + "-empty").innerHTML
      .replace(/__prefix__/g, index)
      .replace(/新增行/g, "第" + (index + 1) + "行");
    document.querySelector('[data-rows="' + prefix + '"] tbody').insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
  });
});
