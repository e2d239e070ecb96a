import { signOut } from "../../../../../features/auth/sign-in";
import { publicRoute } from "../../../../../server/route";

export const POST = publicRoute(({ request }) => signOut(request));
