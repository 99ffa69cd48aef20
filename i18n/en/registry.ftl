# The registry screen.

reg-protocol-order = Protocol order:
reg-only-with-delegates = Only delegations with delegates
reg-code = Code
reg-delegation = Delegation
reg-nominated = Nominated
reg-accredited = Accredited
reg-printed = Printed
reg-checked-in = Checked in
reg-total = Total
reg-select-delegation = Select a delegation to see its delegates.
reg-delegates-count =
    { $count ->
        [one] { $count } delegate
       *[other] { $count } delegates
    }
reg-open-in-delegates = Open in Delegates
reg-name = Name
reg-category = Category
reg-status = Status
