import { acceptInviteRequest } from "../../../../../features/invites/accept";
import { publicRoute } from "../../../../../server/route";

export const POST = publicRoute(({ request }) => acceptInviteRequest(request));
