import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import jwt from "jsonwebtoken"

/** Creates an admin user and returns request headers carrying its bearer token. */
export async function adminHeaders(container: MedusaContainer, email = "admin@example.com") {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const [existing] = await userModule.listUsers({ email })
  const user = existing ?? (await userModule.createUsers({ email, first_name: "Admin", last_name: "Test" }))
  const authIdentity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: `${email}#${Date.now()}` }],
    app_metadata: { user_id: user.id },
  })
  const config = container.resolve("configModule") as { projectConfig: { http: { jwtSecret?: string } } }
  const token = jwt.sign(
    { actor_id: user.id, actor_type: "user", auth_identity_id: authIdentity.id, app_metadata: { user_id: user.id } },
    config.projectConfig.http.jwtSecret ?? "supersecret",
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}
