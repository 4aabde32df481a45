import { router } from '../../platform/http';

// /cases — the case lifecycle.
export const caseRoutes = router();
