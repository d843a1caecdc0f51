/**
 * Wording the playbook authors never saw: typical clauses in the style of large cloud and AI
 * vendors and Dutch suppliers, drafted for this test. A guard against rules that only fit the
 * labelled dev documents.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDocuments } from "../../src/check/index.js";
import { parseDocument } from "../../src/parse/index.js";
import { loadPlaybook } from "../../src/playbook/load.js";

const playbook = await loadPlaybook(path.resolve(import.meta.dirname, "../../clauses"));

const probes: [string, string, string][] = [
  ["genai-no-training-on-customer-data", "satisfied", "Provider will not use Customer Data to train or fine-tune any artificial intelligence or machine learning models without Customer's prior written permission."],
  // "By default" means the vendor can switch training on: a default-on/off product is a weakness (conventions.md).
  ["genai-no-training-on-customer-data", "partial", "By default, we do not train our models on inputs or outputs from our business products."],
  ["genai-no-training-on-customer-data", "conflicting", "You agree that we may use Inputs and Outputs to develop new products and improve our machine learning models."],
  ["genai-no-training-on-customer-data", "partial", "We do not use Customer Content to train our models, unless you have opted in to share data with us or you provide Feedback."],
  ["genai-no-training-on-customer-data", "conflicting", "De leverancier mag de door de klant ingevoerde gegevens gebruiken om haar AI-modellen te verbeteren."],
  ["governing-law-dutch", "conflicting", "This Agreement shall be governed by and construed in accordance with the laws of Ireland."],
  ["governing-law-dutch", "satisfied", "Op deze overeenkomst is uitsluitend Nederlands recht van toepassing."],
  ["forum-dutch-court", "conflicting", "Any dispute arising out of this Agreement shall be finally settled by arbitration in London under the LCIA Rules."],
  ["forum-dutch-court", "satisfied", "Alle geschillen worden voorgelegd aan de bevoegde rechter te Amsterdam."],
  ["liability-cap-adequate", "conflicting", "Each party's total liability under this Agreement shall not exceed the amounts paid or payable by Customer in the twelve months preceding the event giving rise to the claim."],
  ["liability-cap-adequate", "conflicting", "De aansprakelijkheid van leverancier is beperkt tot het bedrag dat in het betreffende geval door de verzekeraar wordt uitgekeerd."],
  ["liability-cap-adequate", "satisfied", "The total liability of the Supplier per event shall be limited to EUR 2,500,000."],
  ["data-breach-notification", "partial", "Supplier will notify Customer of a Personal Data Breach without undue delay after becoming aware of it."],
  ["data-breach-notification", "conflicting", "Verwerker informeert Verwerkingsverantwoordelijke binnen 48 uur na ontdekking van een inbreuk in verband met persoonsgegevens."],
  ["data-breach-notification", "satisfied", "Processor shall notify Controller of any Personal Data Breach without undue delay and in any event within 24 hours of discovery."],
  ["warranty-conformity", "conflicting", "EXCEPT AS EXPRESSLY PROVIDED HEREIN, THE SERVICE IS PROVIDED ON AN \"AS IS\" BASIS AND WE DISCLAIM ALL IMPLIED WARRANTIES, INCLUDING FITNESS FOR A PARTICULAR PURPOSE."],
  ["no-unilateral-changes", "conflicting", "We may update these Terms from time to time. If you continue to use the Services after the updated Terms take effect, you accept them."],
  ["no-suspension", "conflicting", "We may suspend or terminate your access to the Services immediately if we reasonably believe you have breached these Terms."],
  ["claims-time-bar", "conflicting", "Any claim arising out of these Terms must be filed within one year after the claim arose, or it will be permanently barred."],
  ["assignment-consent", "conflicting", "Provider may assign this Agreement without Customer's consent to an Affiliate or in connection with a merger or sale of assets."],
  ["subprocessor-consent", "partial", "Supplier will notify Customer of any new Subprocessor at least 14 days in advance; Customer may object on reasonable data protection grounds."],
  ["data-location-eea", "conflicting", "Customer Data may be stored and processed in the United States or any other country in which we or our service providers maintain facilities."],
  ["data-location-eea", "satisfied", "Opdrachtnemer slaat alle gegevens uitsluitend op en verwerkt deze uitsluitend binnen de Europese Economische Ruimte, tenzij Opdrachtgever vooraf schriftelijk toestemming geeft."],
  ["genai-data-retention-limits", "satisfied", "Prompts and outputs are deleted within 30 days and are not retained after that period."],
  ["genai-data-retention-limits", "conflicting", "We retain your inputs and outputs for as long as your account is active or as needed to provide the Services."],
  ["termination-rights", "conflicting", "Subscriptions may not be cancelled during the Subscription Term and fees paid are non-refundable."],
  ["confidentiality", "satisfied", "Each party shall keep the other party's Confidential Information, including Customer Content, confidential and shall ensure that its employees and subcontractors are bound by the same obligations."],
  ["audit-rights", "conflicting", "Customer agrees that its audit rights are satisfied by Supplier providing its most recent SOC 2 Type II report."],
  ["genai-output-ownership", "satisfied", "As between the parties, Customer owns all Output, and Provider hereby assigns to Customer all its right, title and interest in Output."],
  ["force-majeure-narrow", "conflicting", "Neither party is liable for failure to perform caused by events beyond its reasonable control, including failures of suppliers, labour disputes or internet outages."],
  ["price-changes-bounded", "conflicting", "Leverancier is gerechtigd de tarieven jaarlijks te verhogen."],
  ["ip-infringement-indemnity", "conflicting", "Customer will defend and indemnify Provider against any claim that Customer Content infringes a third party's intellectual property rights."],
  // A heading that names the topic must not take the clause's own match ("Aansprakelijkheid" + "beperkt tot").
  ["liability-cap-adequate", "conflicting", "Artikel 9 Aansprakelijkheid\n\n9.1 De totale aansprakelijkheid van Leverancier is beperkt tot EUR 500.000 per gebeurtenis."],
  ["liability-cap-adequate", "conflicting", "12. Limitation of Liability\n\n12.1 Supplier's aggregate liability shall not exceed EUR 250,000."],
  // Dutch separable verb: "stelt … in kennis", with the deadline in between.
  ["data-breach-notification", "satisfied", "Leverancier stelt de klant zonder onnodige vertraging en uiterlijk binnen 24 uur nadat hij het lek heeft ontdekt in kennis van elke inbreuk in verband met persoonsgegevens."],
  ["data-breach-notification", "conflicting", "De verwerker brengt de verwerkingsverantwoordelijke onverwijld en in elk geval binnen 36 uur op de hoogte van een datalek."],
  // A 24-hour deadline in one place does not cure a longer one in another.
  ["data-breach-notification", "conflicting", "Provider shall notify Customer of a Personal Data Breach within 24 hours. Where a Personal Data Breach occurs at a Subprocessor, the notification period shall be 72 hours."],
  ["data-breach-notification", "satisfied", "Provider shall notify Customer of a Personal Data Breach within 24 hours and shall provide a full incident report within 72 hours."],
  ["data-breach-notification", "partial", "Provider shall inform Customer of a Personal Data Breach without undue delay and will use commercially reasonable efforts to do so within 24 hours."],
  // Documents first, an audit only when they fall short: partial (conventions.md).
  ["audit-rights", "partial", "Supplier shall provide its ISO 27001 certificate on request. If Customer reasonably finds that these documents do not demonstrate compliance, Customer may audit Supplier once per year through an independent auditor."],
  ["audit-rights", "partial", "Mocht de klant op grond van feiten van mening zijn dat de verstrekte rapportages onvoldoende inzicht geven, dan kan de klant eenmaal per jaar een audit laten uitvoeren door een onafhankelijke deskundige."],
  ["audit-rights", "missing", "Administrators can view and export audit logs of sign-ins and changes to settings for ninety days."],
  // A supplier document "as amended by the supplier from time to time" is a change right.
  ["no-unilateral-changes", "conflicting", "Customer shall comply with the Acceptable Use Policy, as amended by Vendor from time to time. Amendments to this Agreement require the written signature of both parties."],
  // Prices at the supplier's current list or pricing page (conventions.md).
  ["price-changes-bounded", "conflicting", "Fees for the committed volume are fixed for the term. Usage above the committed volume is invoiced at Vendor's list price as published on its pricing page at the time of use."],
  // The law or courts of the customer's own country (not for consumers only) are Dutch law for a Dutch buyer.
  ["governing-law-dutch", "satisfied", "If you are established in the European Economic Area or in Switzerland, these Terms are governed by the laws of the country in which you are established."],
  ["governing-law-dutch", "conflicting", "These Terms are governed by Irish law. If you are a consumer, you also enjoy the protection of the law of your country of residence."],
  ["governing-law-dutch", "conflicting", "The laws of the State of New York govern these Terms."],
  // A clause for users in the United States only cannot apply to a Dutch buyer.
  ["forum-dutch-court", "satisfied", "If you live in the United States, disputes are resolved by binding arbitration in Delaware. All other disputes are subject to the exclusive jurisdiction of the courts of Amsterdam."],
  // A change right with advance notice of material changes is partial; the notice sentence refers back ("such a change").
  ["genai-model-change-notice", "partial", "Vendor may update or replace the models used in the Service at any time. Where such an update materially reduces functionality, Vendor will give Customer at least 45 days' notice before it takes effect."],
  ["genai-model-change-notice", "missing", "Either party may change its address for notices by giving notice of such change to the other party."],
  // Human review named as an exception to a no-access commitment, with or without a colon.
  ["genai-no-human-review", "partial", "Our staff do not read your conversations, except (a) when you ask our support desk to look at one; (b) when our filters flag a conversation, in which case our trust and safety team may review it; or (c) when the law requires it."],
  ["genai-no-human-review", "partial", "Vendor personnel will not access Customer Content except: (a) to provide support that Customer requests; (b) where a safety classifier flags content, in which case human reviewers may examine it."],
  ["genai-no-human-review", "conflicting", "Content you submit may be reviewed by our human moderators to improve our services."],
  // Only the cap is lifted for intent and death; the exclusion of indirect loss stays (conventions.md: partial).
  ["liability-carve-outs", "partial", "10.1 Neither party shall be liable for any indirect or consequential loss or loss of profits. 10.2 Each party's liability shall not exceed EUR 2,000,000. 10.3 The limitation in clause 10.2 shall not apply to death or personal injury or to liability for gross negligence or wilful misconduct."],
  ["liability-carve-outs", "satisfied", "10.1 Neither party shall be liable for any indirect or consequential loss. 10.2 Each party's liability shall not exceed EUR 2,000,000. 10.3 The limitations and exclusions in this clause 10 shall not apply to death or personal injury or to liability for gross negligence or wilful misconduct."],
  // A supplier that undertakes to defend IP claims, next to a customer indemnity: not "customer only".
  ["ip-infringement-indemnity", "partial", "For paid plans, we will defend you against any third-party claim that the Service infringes a patent or copyright; this is your sole and exclusive remedy. You will defend and indemnify us against claims arising from your content."],
  // Dutch: a name we do not know before the finite verb is the subject, the party after it the object.
  // "The greater of EUR 1,000,000 and the fees": never below the minimum.
  ["liability-cap-adequate", "satisfied", "Each party's total liability per event shall not exceed the greater of EUR 1,500,000 and the fees paid under this Agreement in the preceding twelve months."],
  ["liability-cap-adequate", "conflicting", "Our total liability shall not exceed the greater of one hundred euros (EUR 100) and the fees you paid us in the last six months."],
  // No refund of prepaid fees on termination for convenience: partial (conventions.md).
  ["termination-rights", "partial", "Customer may terminate this Agreement for convenience on three months' written notice. Such termination shall not entitle Customer to any refund of fees paid for the current contract year."],
  // Art. 28(3)(a) wording is not a transfer outside the EEA; transfers only to adequate countries are partial.
  ["data-location-eea", "missing", "Processor shall process Personal Data only on Controller's documented instructions, including with regard to transfers of Personal Data to a third country."],
  ["data-location-eea", "partial", "De verwerker geeft persoonsgegevens slechts door aan een land buiten de EER indien de Europese Commissie voor dat land een adequaatheidsbesluit heeft genomen."],
  // "Fine-Tuning Data" is the customer's own files, not training by the supplier.
  ["genai-no-training-on-customer-data", "satisfied", "Vendor shall not use Customer Data to train or improve any model. Fine-Tuning Data uploaded by Customer is stored until Customer deletes it."],
  // A promise that covers only the personal data inside prompts and outputs is partial (conventions.md).
  ["genai-no-training-on-customer-data", "partial", "Persoonsgegevens die deel uitmaken van invoer of uitvoer worden door de leverancier niet gebruikt voor het trainen van taalmodellen."],
  // Feedback inside a purpose limitation, and "deletes … irrevocably", are no free use of feedback.
  ["genai-no-training-on-customer-data", "satisfied", "De leverancier gebruikt klantgegevens, waaronder invoer, uitvoer en feedback, uitsluitend voor het leveren van de dienst en niet voor het trainen van modellen. De leverancier verwijdert gesprekken, met de bijbehorende uitvoer en feedback, onherroepelijk na dertig dagen."],
  // Who owns the outputs, in Dutch and English, with the vendor's own name.
  ["genai-output-ownership", "conflicting", "Alle rechten van intellectuele eigendom op de dienst en op de met de dienst gegenereerde rapportages en uitvoer berusten uitsluitend bij Acme of haar licentiegevers."],
  ["genai-output-ownership", "conflicting", "All rights in the Service and in any Output remain with Acme and its licensors."],
  ["genai-output-ownership", "satisfied", "Acme verkrijgt geen ander recht op uitvoer dan het recht om uitvoer te verwerken voor zover nodig om de dienst te leveren."],
  // Defect rights that lapse after a notice period set elsewhere (conventions.md: a claims time-bar).
  ["claims-time-bar", "conflicting", "The Warranty Period is six months. The Supplier shall have no obligation or liability for any defect that is not notified to it in writing before the end of the Warranty Period."],
  ["claims-time-bar", "conflicting", "Klachten over de vertaling meldt de klant binnen tien werkdagen na levering. Na het verstrijken van die termijn wordt de klant geacht de vertaling te hebben aanvaard en vervalt ieder recht ter zake van gebreken."],
  // The supplier's certificates "satisfy any right of audit": conflicting (conventions.md).
  ["audit-rights", "conflicting", "On request the Provider shall give the Customer its ISO 27001 certificate and its latest SOC 2 Type II report. The Customer agrees that these documents satisfy any right of audit it may have, and the Customer shall not be entitled to conduct on-site audits."],
  // Definitions grant nothing; metadata that excludes content is no training right; "client data" is content.
  ["genai-no-training-on-customer-data", "satisfied", "\"Toolkit\" means the supplier's own libraries and training pipelines. The Supplier shall not use Client Data to train, fine-tune or improve any model."],
  ["genai-no-training-on-customer-data", "satisfied", "Vendor will not use prompts or outputs to train any model. Vendor may use service metadata, which does not include the content of prompts or outputs, to improve the service."],
  // Feedback used to improve the model, next to a promise: partial; a tier with training by default: partial.
  ["genai-no-training-on-customer-data", "partial", "De leverancier gebruikt invoer en uitvoer niet om taalmodellen te trainen. In afwijking hiervan mag de leverancier feedback gebruiken om de schrijfhulp te verbeteren, onder meer door het verfijnen van het taalmodel."],
  ["genai-no-training-on-customer-data", "partial", "Acme gebruikt klantinhoud niet om taalmodellen te trainen. In het goedkoopste abonnement mag Acme de invoer wel gebruiken om haar modellen te trainen, tenzij de klant dit uitschakelt."],
  // Training the customer's own model is no exception to the promise.
  ["genai-no-training-on-customer-data", "satisfied", "Provider does not use Prompts or Completions to train or improve any model, other than the Customer's own fine-tuned models at the Customer's request."],
  // A list of what is NOT force majeure excludes the supplier's own risks.
  ["force-majeure-narrow", "satisfied", "None of the following constitutes force majeure on the part of Acme: a shortage of staff, illness of staff, or strikes at Acme or its subcontractors."],
  // Bound by use, and the buyer's purchasing conditions rejected: the supplier's terms impose themselves.
  ["supplier-terms-excluded", "conflicting", "By enabling, accessing or using any AI Service, Customer accepts this Addendum on behalf of itself and its users."],
  ["supplier-terms-excluded", "conflicting", "These Terms apply to the exclusion of any general purchasing conditions or tender conditions of the Customer, the applicability of which is expressly rejected."],
  // A named vendor that undertakes to defend IP claims, next to a customer indemnity.
  ["ip-infringement-indemnity", "partial", "Acme shall defend Customer against any third-party claim that the Service infringes a patent, copyright or trademark; this is Customer's sole and exclusive remedy. Customer shall indemnify Acme against claims arising from Customer Content."],
  // Feedback carved out of confidentiality: partial (conventions.md); ordinary carve-outs are not.
  ["confidentiality", "partial", "Each party shall keep the other party's Confidential Information, including Customer Content, confidential and shall bind its staff and subcontractors to the same duty. Feedback and usage statistics derived from Customer's use of the Service are not Confidential Information of Customer."],
  ["confidentiality", "satisfied", "Each party shall keep the other party's Confidential Information, including Customer Content, confidential and shall bind its staff and subcontractors to the same duty. Confidential Information does not include information that is or becomes public through no fault of the recipient."],
  // The customer named inside a fronted "if" clause is not the one who may suspend.
  ["no-suspension", "conflicting", "If an amount remains unpaid thirty days after its due date and Customer has not paid after a reminder, Acme may suspend access to the Service until the amount is paid."],
  // A heading names a topic and grants nothing.
  ["no-suspension", "satisfied", "13. Suspension\n\n13.1 Acme may suspend a deployment only to contain an imminent security threat. 13.2 Acme will notify Customer of the suspension and its reason no later than when it takes effect."],
  // The common Dutch condition that damage be reported within 30 days, or no right to compensation arises.
  ["claims-time-bar", "conflicting", "Voorwaarde voor het ontstaan van enig recht op schadevergoeding is steeds dat de klant de schade uiterlijk binnen dertig dagen na het ontstaan daarvan schriftelijk meldt."],
  // A cap "te allen tijde, ongeacht de mate van verwijtbaarheid" holds even for intent.
  ["liability-carve-outs", "conflicting", "De aansprakelijkheid vervalt niet bij opzet. De totale aansprakelijkheid van Acme bedraagt, ongeacht de mate van verwijtbaarheid, te allen tijde niet meer dan EUR 3.000.000 per jaar."],
  // Guards against over-broad terms: a payment deadline for damages is no time-bar; a clause title with a colon is no definition.
  ["claims-time-bar", "satisfied", "Liquidated damages are payable no later than 30 days after the date of the invoice."],
  ["claims-time-bar", "satisfied", "The Supplier has no liability for defects caused by the Customer's own modifications during the warranty period."],
  ["genai-no-training-on-customer-data", "conflicting", "5.2 Training: We may use Customer Content to train and improve our models."],
  ["genai-output-ip-indemnity", "conflicting", "Klant zal Acme vrijwaren tegen alle aanspraken van derden dat door de dienst gegenereerde uitvoer inbreuk maakt op intellectuele eigendomsrechten."],
  ["genai-output-ip-indemnity", "satisfied", "Acme zal Klant op eigen kosten verdedigen tegen iedere vordering van een derde dat door de dienst gegenereerde uitvoer inbreuk maakt op intellectuele eigendomsrechten."],
];
describe("unseen vendor wording", () => {
  it.each(probes)("%s is %s: %s", async (requirement, verdict, text) => {
    const doc = await parseDocument(new TextEncoder().encode(text), { name: "probe.txt" });
    const report = checkDocuments([doc], playbook, { profile: { genai: true, "personal-data": true, cloud: true } });
    const finding = report.findings.find((f) => f.requirement === requirement)!;
    expect(finding.verdict, finding.explanation).toBe(verdict);
  });
});
