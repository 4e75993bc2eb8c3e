"""The caller: call events from the phone system, handset locations (AML), the
callback list and the caller's history for the operator's console."""
