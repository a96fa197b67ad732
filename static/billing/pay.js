// The pay page's browser part: Stripe.js collects the card or bank details and confirms the
// PaymentIntent the server created. The invoice is marked paid by Stripe's webhook, not here.
(function () {
  "use strict";
  var box = document.getElementById("stripe-pay");
  if (!box || !window.Stripe) { return; }
  var stripe = window.Stripe(box.dataset.publishableKey);
  var elements = stripe.elements({ clientSecret: box.dataset.clientSecret });
  var element = elements.create("payment");
  element.mount("#stripe-element");
  var button = document.getElementById("stripe-submit");
  var error = document.getElementById("stripe-error");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: box.dataset.returnUrl } })
      .then(function (result) {
        if (result.error) { error.textContent = result.error.message; button.disabled = false; }
      });
  });
})();
