// Texts of the widget and pages; the admin merges them into its own and follows the user's language.
import en from "./json/en.json"
import ru from "./json/ru.json"

export default {
  en: { translation: en },
  ru: { translation: ru },
}
