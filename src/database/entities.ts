import { PaymentSession } from '../payments/entities/payment-session.entity';
import { SessionEvent } from '../payments/entities/session-event.entity';

/** Every entity, for the app and for the TypeORM CLI alike. */
export const ENTITIES = [PaymentSession, SessionEvent];
