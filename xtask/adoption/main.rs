//! A round trip through code generated in a repository that is not openapi-rs's: the server
//! the generator wrote, served on 127.0.0.1, called by the client it wrote. The crate lists
//! the runtime and nothing else.

mod api;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use api::pets::client::Client;
use api::pets::server::{Api, router};
use api::pets::types::{AddPetRequest, AddPetResponse, GetPetRequest, GetPetResponse, NewPet, Pet};
use openapi_rs_runtime::server::{self, RequestContext};
use openapi_rs_runtime::{UntypedBody, axum, tokio};

#[derive(Default)]
struct Shop {
    pets: Mutex<BTreeMap<i64, Pet>>,
}

impl Api for Shop {
    type Error = server::Error;

    fn get_pet(
        self: Arc<Self>,
        _context: RequestContext,
        request: GetPetRequest,
    ) -> impl Future<Output = Result<GetPetResponse, server::Error>> + Send {
        let found = self.pets.lock().unwrap().get(&request.pet_id).cloned();
        async move {
            Ok(match found {
                Some(pet) => GetPetResponse::Ok(pet),
                None => GetPetResponse::NotFound(UntypedBody::Empty),
            })
        }
    }

    fn add_pet(
        self: Arc<Self>,
        _context: RequestContext,
        request: AddPetRequest,
    ) -> impl Future<Output = Result<AddPetResponse, server::Error>> + Send {
        let mut pets = self.pets.lock().unwrap();
        let id = pets.len() as i64 + 1;
        let pet = Pet {
            name: request.body.name,
            tag: request.body.tag,
            id,
        };
        pets.insert(id, pet.clone());
        async move { Ok(AddPetResponse::Created(pet)) }
    }
}

#[tokio::main(crate = "openapi_rs_runtime::tokio")]
async fn main() {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(Shop::default())).await });
    let client = Client::new(&format!("http://{address}")).unwrap();

    let body = NewPet {
        name: "Rex".to_owned(),
        tag: Some("dog".to_owned()),
    };
    let added = client
        .add_pet(AddPetRequest::from(body))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    let got = client.get_pet(GetPetRequest::new(added.id)).await.unwrap();
    assert_eq!(got, GetPetResponse::Ok(added.clone()));
    let missing = client.get_pet(GetPetRequest::new(99)).await.unwrap();
    assert!(matches!(*missing, GetPetResponse::NotFound(_)), "{missing:?}");

    // The server refuses what the spec does not allow before the implementation sees it.
    let empty = NewPet {
        name: String::new(),
        tag: None,
    };
    let refused = client.add_pet(AddPetRequest::from(empty)).await;
    assert!(refused.is_err(), "{refused:?}");

    println!("round trip passed: added and read back {}", added.name);
}
