// The case page: details, first responder and holder, timeline, all actions. (Being built.)
export function CasePage() {
  return null;
}
