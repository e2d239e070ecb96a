import { changePassword } from "../../../../../features/auth/sign-in";
import { userRoute } from "../../../../../server/route";

export const POST = userRoute(({ request, user }) => changePassword(request, user));
